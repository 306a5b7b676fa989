-- How many of the terminal's visits were recorded as lost (VisitIngest: a sequence gap neither side
-- holds any more), shown beside it on the dashboard so that whoever looks after it learns of them;
-- kept here because retention may delete the refused_visit rows that name them.
ALTER TABLE terminal ADD COLUMN visits_lost BIGINT NOT NULL DEFAULT 0;
UPDATE terminal SET visits_lost = (SELECT COUNT(*) FROM refused_visit r
  WHERE r.terminal_id = terminal.id AND r.visit_id IS NULL AND r.reason LIKE 'lost:%');
