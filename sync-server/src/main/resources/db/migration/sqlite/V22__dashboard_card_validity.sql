-- Cards valid in a period, counted without reading every card: how many cards of each birth year
-- start and end their validity in each pair of months, kept by triggers on card. The cards valid
-- in months [a, b] are those starting by b, less those that ended before a.
CREATE TABLE stats_card_validity (
  scheme_id INTEGER NOT NULL,
  birth_year INTEGER NOT NULL,
  start_month TEXT NOT NULL,
  end_month TEXT NOT NULL,
  cards INTEGER NOT NULL,
  PRIMARY KEY (scheme_id, start_month, end_month, birth_year)
);
INSERT INTO stats_card_validity (scheme_id, birth_year, start_month, end_month, cards)
  SELECT scheme_id, birth_year, substr(valid_from, 1, 7), substr(valid_until, 1, 7), COUNT(*)
  FROM card GROUP BY 1, 2, 3, 4;

CREATE TRIGGER card_validity_insert AFTER INSERT ON card
BEGIN
  INSERT INTO stats_card_validity (scheme_id, birth_year, start_month, end_month, cards)
    VALUES (NEW.scheme_id, NEW.birth_year, substr(NEW.valid_from, 1, 7), substr(NEW.valid_until, 1, 7), 1)
    ON CONFLICT (scheme_id, start_month, end_month, birth_year) DO UPDATE SET cards = cards + 1;
END;

CREATE TRIGGER card_validity_update AFTER UPDATE OF scheme_id, birth_year, valid_from, valid_until ON card
BEGIN
  INSERT INTO stats_card_validity (scheme_id, birth_year, start_month, end_month, cards)
    VALUES (OLD.scheme_id, OLD.birth_year, substr(OLD.valid_from, 1, 7), substr(OLD.valid_until, 1, 7), -1)
    ON CONFLICT (scheme_id, start_month, end_month, birth_year) DO UPDATE SET cards = cards - 1;
  INSERT INTO stats_card_validity (scheme_id, birth_year, start_month, end_month, cards)
    VALUES (NEW.scheme_id, NEW.birth_year, substr(NEW.valid_from, 1, 7), substr(NEW.valid_until, 1, 7), 1)
    ON CONFLICT (scheme_id, start_month, end_month, birth_year) DO UPDATE SET cards = cards + 1;
END;

CREATE TRIGGER card_validity_delete AFTER DELETE ON card
BEGIN
  INSERT INTO stats_card_validity (scheme_id, birth_year, start_month, end_month, cards)
    VALUES (OLD.scheme_id, OLD.birth_year, substr(OLD.valid_from, 1, 7), substr(OLD.valid_until, 1, 7), -1)
    ON CONFLICT (scheme_id, start_month, end_month, birth_year) DO UPDATE SET cards = cards - 1;
END;
