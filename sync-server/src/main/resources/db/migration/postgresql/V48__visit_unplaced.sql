-- Corrections stored in no period (their admission unknown when they arrived): a small index, so an
-- upload asks in one probe whether its venue has any that its admissions could place, and reads
-- only those when it has.
CREATE INDEX visit_unplaced ON visit (venue_id, refers_to) WHERE period_key = '';
