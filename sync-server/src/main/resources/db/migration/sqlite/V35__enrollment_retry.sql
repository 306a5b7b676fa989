-- A terminal whose enrollment answer was lost may ask again with the same code and the same
-- installation id, for a short while (TerminalService.RETRY_WINDOW): the hash of the two is kept
-- from its first enrollment. Cleared when the terminal is rotated or revoked.
ALTER TABLE terminal ADD COLUMN enrollment_retry_hash TEXT;
