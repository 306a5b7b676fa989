-- Klipp sync server, version 1 (SQLite). The PostgreSQL file has the same tables and columns;
-- sync-server/SCHEMA.md explains them. Times are epoch milliseconds (UTC); dates ISO 'YYYY-MM-DD'.

-- One row: the last ledger change number handed out (see ChangeCounter).
CREATE TABLE change_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);

CREATE TABLE scheme (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  municipalities TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  min_age INTEGER NOT NULL,
  max_age INTEGER NOT NULL,
  validity_months INTEGER NOT NULL,
  companions INTEGER NOT NULL,
  admit_unknown_cards INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  change_seq INTEGER NOT NULL
);

CREATE TABLE issuer_key (
  scheme_id INTEGER NOT NULL REFERENCES scheme (id),
  key_id INTEGER NOT NULL,
  public_key TEXT NOT NULL,
  sealed_seed TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  change_seq INTEGER NOT NULL,
  PRIMARY KEY (scheme_id, key_id)
);

CREATE TABLE venue (
  id TEXT PRIMARY KEY,
  scheme_id INTEGER NOT NULL REFERENCES scheme (id),
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX venue_scheme ON venue (scheme_id);

CREATE TABLE offer (
  id TEXT PRIMARY KEY,
  venue_id TEXT NOT NULL REFERENCES venue (id),
  name TEXT NOT NULL,
  quota INTEGER,
  period TEXT NOT NULL,
  companions INTEGER NOT NULL,
  valid_from TEXT,
  valid_until TEXT,
  opening_hours TEXT NOT NULL,
  capacity INTEGER,
  price_ore INTEGER NOT NULL,
  refund_percent INTEGER NOT NULL CHECK (refund_percent IN (0, 50, 100)),
  targeted INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  change_seq INTEGER NOT NULL
);
CREATE INDEX offer_venue ON offer (venue_id);

CREATE TABLE card (
  card_number TEXT PRIMARY KEY,
  scheme_id INTEGER NOT NULL REFERENCES scheme (id),
  credential_serial INTEGER NOT NULL,
  issued_on TEXT NOT NULL,
  key_id INTEGER NOT NULL,
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  birth_year INTEGER NOT NULL,
  first_name TEXT NOT NULL,
  status TEXT NOT NULL,
  paid INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  change_seq INTEGER NOT NULL
);
CREATE INDEX card_scheme_change ON card (scheme_id, change_seq);

CREATE TABLE offer_card (
  offer_id TEXT NOT NULL REFERENCES offer (id),
  card_number TEXT NOT NULL REFERENCES card (card_number),
  PRIMARY KEY (offer_id, card_number)
);
CREATE INDEX offer_card_card ON offer_card (card_number);

CREATE TABLE revocation (
  card_number TEXT NOT NULL REFERENCES card (card_number),
  credential_serial INTEGER NOT NULL,
  scheme_id INTEGER NOT NULL REFERENCES scheme (id),
  revoked_at INTEGER NOT NULL,
  change_seq INTEGER NOT NULL,
  PRIMARY KEY (card_number, credential_serial)
);
CREATE INDEX revocation_scheme_change ON revocation (scheme_id, change_seq);

CREATE TABLE terminal (
  id TEXT PRIMARY KEY,
  venue_id TEXT NOT NULL REFERENCES venue (id),
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  enrollment_code_hash TEXT UNIQUE,
  enrollment_expires_at INTEGER,
  token_hash TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  enrolled_at INTEGER,
  revoked_at INTEGER,
  last_contact_at INTEGER,
  software_version TEXT,
  visits_waiting INTEGER,
  clock_offset_ms INTEGER,
  sequence_complete INTEGER NOT NULL
);
CREATE INDEX terminal_venue ON terminal (venue_id);

-- Visits are facts from terminals, appended in bulk: no foreign keys (the upload checks the
-- terminal, venue and offer itself), so a batch costs one index update per index and nothing more.
CREATE TABLE visit (
  id TEXT PRIMARY KEY,
  terminal_id TEXT NOT NULL,
  venue_id TEXT NOT NULL,
  scheme_id INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  kind TEXT NOT NULL,
  refers_to TEXT,
  card_number TEXT NOT NULL,
  credential_serial INTEGER NOT NULL,
  offer_id TEXT NOT NULL,
  period_key TEXT NOT NULL,
  companions INTEGER NOT NULL,
  terminal_time INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  flags TEXT NOT NULL
);
CREATE INDEX visit_terminal_sequence ON visit (terminal_id, sequence);
CREATE INDEX visit_usage ON visit (card_number, offer_id, period_key);
CREATE INDEX visit_venue_received ON visit (venue_id, received_at);

CREATE TABLE refused_visit (
  terminal_id TEXT NOT NULL REFERENCES terminal (id),
  sequence INTEGER NOT NULL,
  visit_id TEXT,
  reason TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX refused_visit_terminal ON refused_visit (terminal_id, sequence);

CREATE TABLE app_user (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  scheme_id INTEGER NOT NULL REFERENCES scheme (id),
  venue_id TEXT REFERENCES venue (id),
  created_at INTEGER NOT NULL
);

CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX session_by_user ON session (user_id);
