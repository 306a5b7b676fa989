-- Dashboard statistics (no.klipp.server.stats), kept up to date in the same transaction that stores
-- visits, so every figure on the dashboard is read from small tables. Months are 'YYYY-MM' text
-- in the scheme's time zone; a void counts against the month and offer of the admission it voids.

-- Per offer and day: what refunds and visit counts are made of.
CREATE TABLE stats_offer_day (
  offer_id TEXT NOT NULL,
  day TEXT NOT NULL,
  month TEXT NOT NULL,
  venue_id TEXT NOT NULL,
  scheme_id INTEGER NOT NULL,
  admissions INTEGER NOT NULL,
  voids INTEGER NOT NULL,
  companions INTEGER NOT NULL,
  conflicts INTEGER NOT NULL,
  unverified INTEGER NOT NULL,
  PRIMARY KEY (offer_id, day)
);
CREATE INDEX stats_offer_day_venue ON stats_offer_day (venue_id, day);
CREATE INDEX stats_offer_day_scheme ON stats_offer_day (scheme_id, month);

-- Per venue and month, with the number of different cards that visited in that month.
CREATE TABLE stats_venue_month (
  venue_id TEXT NOT NULL,
  month TEXT NOT NULL,
  scheme_id INTEGER NOT NULL,
  visits INTEGER NOT NULL,
  companions INTEGER NOT NULL,
  conflicts INTEGER NOT NULL,
  unverified INTEGER NOT NULL,
  children INTEGER NOT NULL,
  PRIMARY KEY (venue_id, month)
);
CREATE INDEX stats_venue_month_scheme ON stats_venue_month (scheme_id, month);

-- Net visits of one card at one venue in one month (presence; for small-count checks).
CREATE TABLE stats_card_venue_month (
  venue_id TEXT NOT NULL,
  month TEXT NOT NULL,
  card_number TEXT NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (venue_id, month, card_number)
);

-- Net visits of one card in one month, scheme-wide.
CREATE TABLE stats_card_month (
  card_number TEXT NOT NULL,
  month TEXT NOT NULL,
  scheme_id INTEGER NOT NULL,
  birth_year INTEGER NOT NULL,
  visits INTEGER NOT NULL,
  PRIMARY KEY (card_number, month)
);

-- Card holders counted without scanning cards: for every month a card was used, the month it was
-- used before ('0000-00' if never). The cards used in months [a, b] are exactly the rows with a
-- month in [a, b] and a previous month before a; this table counts those rows.
CREATE TABLE stats_holder_span (
  scheme_id INTEGER NOT NULL,
  birth_year INTEGER NOT NULL,
  prev_month TEXT NOT NULL,
  month TEXT NOT NULL,
  cards INTEGER NOT NULL,
  PRIMARY KEY (scheme_id, month, prev_month, birth_year)
);

-- Net visits and companions by the holder's birth year and month (age bands).
CREATE TABLE stats_birth_month (
  scheme_id INTEGER NOT NULL,
  month TEXT NOT NULL,
  birth_year INTEGER NOT NULL,
  visits INTEGER NOT NULL,
  companions INTEGER NOT NULL,
  PRIMARY KEY (scheme_id, month, birth_year)
);

-- Whether the tables above hold every stored visit (filled once from older visits on start).
CREATE TABLE stats_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  built_at INTEGER NOT NULL
);

-- Corrections and companion additions find the admission they refer to.
CREATE INDEX visit_refers_to ON visit (refers_to) WHERE refers_to IS NOT NULL;

-- Every time a caseworker looked at where one card was used, with the reason they gave.
CREATE TABLE card_lookup (
  id INTEGER PRIMARY KEY,
  scheme_id INTEGER NOT NULL REFERENCES scheme (id),
  user_id INTEGER NOT NULL REFERENCES app_user (id),
  card_number TEXT NOT NULL,
  reason TEXT NOT NULL,
  looked_at INTEGER NOT NULL
);
CREATE INDEX card_lookup_scheme ON card_lookup (scheme_id, looked_at);
