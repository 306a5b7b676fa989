-- The terms a venue is paid by under an offer (price per visit, refund share, companions going
-- free), each from the day it took effect in the scheme's time zone until the next row's. Refunds
-- price every visit by the terms in force on its day, so a statement already sent to a venue does
-- not change when an administrator changes the offer later.
-- Offers existing before V38 keep their current terms for all their history, from 2000-01-01
-- (web.Dates.EARLIEST, the first date the server accepts).
CREATE TABLE offer_terms (
  offer_id TEXT NOT NULL REFERENCES offer (id),
  effective_from DATE NOT NULL,
  price_ore BIGINT NOT NULL,
  refund_percent INTEGER NOT NULL CHECK (refund_percent IN (0, 50, 100)),
  companions INTEGER NOT NULL,
  PRIMARY KEY (offer_id, effective_from)
);

INSERT INTO offer_terms (offer_id, effective_from, price_ore, refund_percent, companions)
SELECT id, DATE '2000-01-01', price_ore, refund_percent, companions FROM offer;
