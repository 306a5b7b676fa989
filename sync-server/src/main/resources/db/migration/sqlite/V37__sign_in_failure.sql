-- Failed sign-ins by user name (SignInThrottle), shared by every server instance on this database,
-- so a name's waits hold however many instances a guesser spreads the attempts over. The name is
-- kept only as the SHA-256 of its normalised form: a name typed wrong may be a password.
-- Rows whose last failure is a day old are pruned; a success deletes the name's row.
CREATE TABLE sign_in_failure (
  name_hash TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  wait_until INTEGER,
  last_failed_at INTEGER NOT NULL
);
CREATE INDEX sign_in_failure_last ON sign_in_failure (last_failed_at);
