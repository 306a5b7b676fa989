-- One page fewer written with each admission: the visit id keeps no index of its own. Ids are
-- random UUIDs; acknowledgements look for them among the pending visits (the tail of the table),
-- corrections among the latest visits, newest first. A UNIQUE constraint's index cannot be
-- dropped, so the table is rebuilt.
CREATE TABLE visit_v3 (
  seq         INTEGER PRIMARY KEY,
  id          TEXT    NOT NULL,
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
INSERT INTO visit_v3 (seq, id, kind, refers_to, card_number, serial, offer_id, venue_id, terminal_id, period, at,
  companions, flags, acked)
  SELECT seq, id, kind, refers_to, card_number, serial, offer_id, venue_id, terminal_id, period, at,
  companions, flags, acked FROM visit;
DROP TABLE visit;
ALTER TABLE visit_v3 RENAME TO visit;
CREATE INDEX visit_card ON visit (card_number, offer_id, period);
CREATE INDEX visit_refers ON visit (refers_to) WHERE refers_to IS NOT NULL;
