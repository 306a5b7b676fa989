-- Failed sign-ins by client address (SignInThrottle), beside sign_in_failure's by user name: one
-- address guessing a few passwords for each of many names is slowed too. The address is personal
-- data, so it is kept only as an HMAC under a key derived from master.key (a plain hash of an IPv4
-- address is undone by trying all 2^32); an IPv6 client is counted by its /64.
-- Rows whose last failure is a day old are pruned; a success from the address deletes its row.
CREATE TABLE sign_in_address_failure (
  address_hash TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  wait_until INTEGER,
  last_failed_at INTEGER NOT NULL
);
CREATE INDEX sign_in_address_failure_last ON sign_in_address_failure (last_failed_at);
