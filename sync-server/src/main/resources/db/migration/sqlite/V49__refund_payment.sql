-- What the municipality has recorded as paid to a venue for a month's visits (RefundPayments).
-- Each payment holds what it paid on top of the venue's earlier payments for that month, so the
-- figures once paid stay as they were, and what a late upload (or a void) changed afterwards shows
-- as still owed (or owed back). Rows are only ever added; the number orders a month's payments and
-- makes two people recording the same payment at once store it once.
CREATE TABLE refund_payment (
  id INTEGER PRIMARY KEY,
  scheme_id INTEGER NOT NULL REFERENCES scheme (id),
  venue_id TEXT NOT NULL REFERENCES venue (id),
  month TEXT NOT NULL,
  number INTEGER NOT NULL,
  visits INTEGER NOT NULL,
  companions INTEGER NOT NULL,
  refunded_companions INTEGER NOT NULL,
  amount_ore INTEGER NOT NULL,
  paid_at INTEGER NOT NULL,
  paid_by TEXT NOT NULL,
  UNIQUE (venue_id, month, number)
);
CREATE INDEX refund_payment_scheme_month ON refund_payment (scheme_id, month);
