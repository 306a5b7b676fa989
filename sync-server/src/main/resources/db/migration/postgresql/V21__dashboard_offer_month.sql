-- Refunds over long periods read whole months from stats_offer_month and only the days of partial
-- months from stats_offer_day (no.klipp.server.refund.RefundService); the statistics count valid
-- cards from an index alone.
CREATE TABLE stats_offer_month (
  offer_id TEXT NOT NULL,
  month TEXT NOT NULL,
  venue_id TEXT NOT NULL,
  scheme_id BIGINT NOT NULL,
  admissions BIGINT NOT NULL,
  voids BIGINT NOT NULL,
  companions BIGINT NOT NULL,
  PRIMARY KEY (offer_id, month)
);
CREATE INDEX stats_offer_month_scheme ON stats_offer_month (scheme_id, month);
INSERT INTO stats_offer_month (offer_id, month, venue_id, scheme_id, admissions, voids, companions)
  SELECT offer_id, month, MIN(venue_id), MIN(scheme_id), SUM(admissions), SUM(voids), SUM(companions)
  FROM stats_offer_day GROUP BY offer_id, month;

CREATE INDEX stats_offer_day_scheme_day ON stats_offer_day (scheme_id, day);
CREATE INDEX card_validity ON card (scheme_id, valid_from, valid_until, birth_year);
