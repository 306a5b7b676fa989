-- The database's generation: a restore from a backup starts a new one (restore.sh, or
-- sync-server mark-restored), and terminals' ledger cursors of another generation are refused, so
-- each loads a new snapshot instead of missing the changes numbered again after the restore.
ALTER TABLE change_counter ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
