-- PostgreSQL's V27 stores pending ids uncompressed; SQLite never compresses, so nothing changes
-- here. Kept as a step so both dialects share migration numbers.
SELECT 1;
