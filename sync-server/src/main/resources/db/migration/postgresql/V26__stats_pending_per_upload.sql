-- Pending visits are noted one row per upload instead of one row per visit: the ids of the
-- visits an upload stored, comma-separated in upload order, and how many. Noting 5,000 visits is
-- then one small insert instead of 5,000 rows in the upload's transaction. The folder still takes
-- them in order (seq, then position), a chunk at a time, splitting a row when it must.
ALTER TABLE stats_pending RENAME TO stats_pending_v23;
CREATE TABLE stats_pending (
  seq BIGSERIAL PRIMARY KEY,
  visit_ids TEXT NOT NULL,
  visits INTEGER NOT NULL
);
INSERT INTO stats_pending (visit_ids, visits) SELECT visit_id::text, 1 FROM stats_pending_v23 ORDER BY seq;
DROP TABLE stats_pending_v23;
