-- The ledger change number at which a terminal's ledger last changed form: when an administrator
-- marks it staffed or not, its ledger must gain or lose every holder's first name, which no delta
-- can do (a delta carries only the cards that changed). A delta after a cursor older than this is
-- refused (409 snapshot_required) and the terminal loads a new snapshot in the new form.
-- 0: never changed, every cursor is newer.
ALTER TABLE terminal ADD COLUMN ledger_reset_change BIGINT NOT NULL DEFAULT 0;
