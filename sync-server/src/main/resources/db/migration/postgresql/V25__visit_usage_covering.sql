-- SQLite's V25 makes the usage index covering (kind as its last column), so quota counts at upload
-- never read the visit rows. PostgreSQL keeps its index: an index-only scan still reads every row
-- not yet marked all-visible by vacuum (most of the recent visits a quota count needs), so a wider
-- index only costs more per insert (measured by IngestBench). Kept as a step so both dialects
-- share migration numbers.
SELECT 1;
