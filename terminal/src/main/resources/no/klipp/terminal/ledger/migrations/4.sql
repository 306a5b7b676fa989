-- Visits the server refused (a malformed item, say), with its reason: kept for staff to review,
-- never resent. Earlier versions of the sync loop created this table itself; IF NOT EXISTS keeps
-- their ledgers as they are.
CREATE TABLE IF NOT EXISTS sync_refusal (
  visit_id   TEXT    PRIMARY KEY,
  reason     TEXT    NOT NULL,
  refused_at INTEGER NOT NULL
) WITHOUT ROWID;
