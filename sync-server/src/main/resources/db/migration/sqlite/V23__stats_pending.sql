-- Visits stored but not yet added to the statistics tables. Ingest only records the id here, in
-- the transaction that stores the visit; no.klipp.server.stats.StatsFolder adds a chunk of them to
-- the statistics and deletes them in one transaction, so each visit is counted exactly once.
CREATE TABLE stats_pending (
  seq INTEGER PRIMARY KEY,
  visit_id TEXT NOT NULL
);
