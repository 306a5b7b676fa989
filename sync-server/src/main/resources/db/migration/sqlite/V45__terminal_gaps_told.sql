-- How many idle reports in a row (nothing waiting at the terminal, nothing sent) were answered with
-- a sequence gap: a terminal told of a gap sends what it still holds at its next sync, so a gap
-- still open after a few such reports names visits that neither side holds any more. The upload
-- then records them as lost in refused_visit and the gap closes (VisitIngest).
ALTER TABLE terminal ADD COLUMN gaps_told INTEGER NOT NULL DEFAULT 0;
