-- Version 1 of the terminal's ledger. Applied once; later changes go in 2.sql, 3.sql, ...

-- Small facts about this ledger: venue, snapshot cursor, time high-water mark, last sync.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- The scheme's rules: exactly one row once a snapshot is loaded.
CREATE TABLE scheme (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  scheme_id     INTEGER NOT NULL,
  name          TEXT    NOT NULL,
  min_age       INTEGER NOT NULL,
  max_age       INTEGER NOT NULL,
  companions    INTEGER NOT NULL,
  admit_unknown INTEGER NOT NULL
);

-- Issuing public keys (Base64) that cards are verified against.
CREATE TABLE issuer_key (
  scheme_id  INTEGER NOT NULL,
  key_id     INTEGER NOT NULL,
  public_key TEXT    NOT NULL,
  PRIMARY KEY (scheme_id, key_id)
) WITHOUT ROWID;

-- The venue's offers. quota NULL = unlimited; capacity NULL = no total limit;
-- opening_hours: 'MONDAY 09:00-17:00;TUESDAY ...', empty = always open.
CREATE TABLE offer (
  id            TEXT PRIMARY KEY,
  venue_id      TEXT    NOT NULL,
  name          TEXT    NOT NULL,
  quota         INTEGER,
  period        TEXT,
  companions    INTEGER NOT NULL,
  valid_from    TEXT,
  valid_until   TEXT,
  opening_hours TEXT    NOT NULL,
  capacity      INTEGER,
  targeted      INTEGER NOT NULL
) WITHOUT ROWID;

-- The roster. offers: ids of targeted offers chosen for the card, comma-separated.
CREATE TABLE card (
  number      TEXT PRIMARY KEY,
  serial      INTEGER NOT NULL,
  fingerprint TEXT,
  valid_from  TEXT    NOT NULL,
  valid_until TEXT    NOT NULL,
  birth_year  INTEGER NOT NULL,
  first_name  TEXT,
  status      TEXT    NOT NULL,
  offers      TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE revocation (
  card_number TEXT    NOT NULL,
  serial      INTEGER NOT NULL,
  revoked_at  INTEGER,
  PRIMARY KEY (card_number, serial)
) WITHOUT ROWID;

-- Visits by the venue's other terminals, as the server counted them, per quota period key.
CREATE TABLE usage (
  card_number TEXT    NOT NULL,
  offer_id    TEXT    NOT NULL,
  period      TEXT    NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (card_number, offer_id, period)
) WITHOUT ROWID;

CREATE INDEX usage_offer ON usage (offer_id);

-- The outbox: every visit event recorded here, never changed except for the acknowledgement.
-- seq is the terminal's monotonically increasing sequence; at is epoch milliseconds.
CREATE TABLE visit (
  seq         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL UNIQUE,
  kind        TEXT    NOT NULL,
  refers_to   TEXT,
  card_number TEXT    NOT NULL,
  serial      INTEGER NOT NULL,
  offer_id    TEXT    NOT NULL,
  venue_id    TEXT    NOT NULL,
  terminal_id TEXT    NOT NULL,
  period      TEXT    NOT NULL,
  at          INTEGER NOT NULL,
  companions  INTEGER NOT NULL,
  flags       TEXT    NOT NULL DEFAULT '',
  acked       INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX visit_card ON visit (card_number, offer_id, period);
CREATE INDEX visit_refers ON visit (refers_to) WHERE refers_to IS NOT NULL;
CREATE INDEX visit_pending ON visit (seq) WHERE acked = 0;
CREATE INDEX visit_offer ON visit (offer_id, kind);
