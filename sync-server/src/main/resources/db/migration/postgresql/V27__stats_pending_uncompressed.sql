-- An upload's pending ids (up to 370 kB of text) are stored out of line without compression:
-- compressing them cost ~5 ms in every upload's transaction, uncompressed they take ~1 ms, and
-- the rows live only until the next fold.
ALTER TABLE stats_pending ALTER COLUMN visit_ids SET STORAGE EXTERNAL;
