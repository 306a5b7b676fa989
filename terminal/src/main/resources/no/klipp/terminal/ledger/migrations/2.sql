-- Fewer pages written with each admission (each is a page in the WAL before the verdict):
-- capacity counts are kept in memory by the validator after one scan of the visits, and the
-- outbox reads from its lowest unacknowledged sequence instead of a partial index.
DROP INDEX visit_offer;
DROP INDEX visit_pending;
