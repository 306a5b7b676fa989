-- Cards valid in a period, counted without reading every card: how many cards of each birth year
-- start and end their validity in each pair of months, kept by a trigger on card. The cards valid
-- in months [a, b] are those starting by b, less those that ended before a.
CREATE TABLE stats_card_validity (
  scheme_id BIGINT NOT NULL,
  birth_year INTEGER NOT NULL,
  start_month TEXT NOT NULL,
  end_month TEXT NOT NULL,
  cards BIGINT NOT NULL,
  PRIMARY KEY (scheme_id, start_month, end_month, birth_year)
);
INSERT INTO stats_card_validity (scheme_id, birth_year, start_month, end_month, cards)
  SELECT scheme_id, birth_year, to_char(valid_from, 'YYYY-MM'), to_char(valid_until, 'YYYY-MM'), COUNT(*)
  FROM card GROUP BY 1, 2, 3, 4;

CREATE FUNCTION stats_card_validity_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO stats_card_validity (scheme_id, birth_year, start_month, end_month, cards)
      VALUES (OLD.scheme_id, OLD.birth_year, to_char(OLD.valid_from, 'YYYY-MM'), to_char(OLD.valid_until, 'YYYY-MM'), -1)
      ON CONFLICT (scheme_id, start_month, end_month, birth_year) DO UPDATE SET cards = stats_card_validity.cards - 1;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO stats_card_validity (scheme_id, birth_year, start_month, end_month, cards)
      VALUES (NEW.scheme_id, NEW.birth_year, to_char(NEW.valid_from, 'YYYY-MM'), to_char(NEW.valid_until, 'YYYY-MM'), 1)
      ON CONFLICT (scheme_id, start_month, end_month, birth_year) DO UPDATE SET cards = stats_card_validity.cards + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER card_validity_count AFTER INSERT OR DELETE OR UPDATE OF scheme_id, birth_year, valid_from, valid_until
  ON card FOR EACH ROW EXECUTE FUNCTION stats_card_validity_count();
