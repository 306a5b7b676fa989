-- Net admissions (a void takes one back) of each card under each offer in each quota period,
-- kept by the upload in the transaction that stores the visits. Judging a batch against quota
-- reads and moves these few rows instead of counting the card's visits, so its cost no longer
-- grows with the history, and on PostgreSQL two uploads of the same card queue on its row.
CREATE TABLE card_usage (
  card_number TEXT NOT NULL,
  offer_id TEXT NOT NULL,
  period_key TEXT NOT NULL,
  net INTEGER NOT NULL,
  PRIMARY KEY (card_number, offer_id, period_key)
) WITHOUT ROWID;

INSERT INTO card_usage (card_number, offer_id, period_key, net)
SELECT card_number, offer_id, period_key, SUM(CASE kind WHEN 'ADMISSION' THEN 1 WHEN 'VOID' THEN -1 ELSE 0 END)
FROM visit GROUP BY card_number, offer_id, period_key;
