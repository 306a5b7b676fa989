-- A key whose private half leaked is retired: terminals delete it (ledger delta), snapshots leave
-- it out, and the cards signed with it are refused until replaced. The row stays: its id is never
-- used again, and the cards name it.
ALTER TABLE issuer_key ADD COLUMN retired_at TIMESTAMPTZ;
