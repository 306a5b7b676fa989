package no.klipp.server.scheme;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import no.klipp.server.db.Row;
import no.klipp.server.db.Sql;

/** Schemes in the {@code scheme} table; municipalities are stored as one newline-separated text. */
public final class SchemeRepository {

  private static final String COLUMNS =
      "id, name, municipalities, time_zone, min_age, max_age, validity_months, companions, admit_unknown_cards";

  /** Inserts a validated scheme; answers its id. */
  public long insert(Sql sql, SchemeRequest s, Instant now, long changeSeq) throws SQLException {
    return sql.one("INSERT INTO scheme (name, municipalities, time_zone, min_age, max_age, validity_months,"
            + " companions, admit_unknown_cards, created_at, change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " RETURNING id",
        r -> r.longValue("id"), s.name(), String.join("\n", s.municipalities()), s.timeZone(), s.minAge(),
        s.maxAge(), s.validityMonths(), s.companions(), s.admitUnknownCards(), now, changeSeq).orElseThrow();
  }

  /** Replaces a scheme's settings; false when there is no such scheme. */
  public boolean update(Sql sql, long id, SchemeRequest s, long changeSeq) throws SQLException {
    return sql.update("UPDATE scheme SET name = ?, municipalities = ?, time_zone = ?, min_age = ?, max_age = ?,"
            + " validity_months = ?, companions = ?, admit_unknown_cards = ?, change_seq = ? WHERE id = ?",
        s.name(), String.join("\n", s.municipalities()), s.timeZone(), s.minAge(), s.maxAge(),
        s.validityMonths(), s.companions(), s.admitUnknownCards(), changeSeq, id) == 1;
  }

  public Optional<Scheme> find(Sql sql, long id) throws SQLException {
    return sql.one("SELECT " + COLUMNS + " FROM scheme WHERE id = ?", SchemeRepository::map, id);
  }

  public Optional<Scheme> byName(Sql sql, String name) throws SQLException {
    return sql.one("SELECT " + COLUMNS + " FROM scheme WHERE name = ?", SchemeRepository::map, name);
  }

  /** The scheme if it changed after {@code since}. */
  public Optional<Scheme> changedAfter(Sql sql, long id, long since, long upTo) throws SQLException {
    return sql.one("SELECT " + COLUMNS + " FROM scheme WHERE id = ? AND change_seq > ? AND change_seq <= ?",
        SchemeRepository::map, id, since, upTo);
  }

  private static Scheme map(Row r) throws SQLException {
    List<String> municipalities = Arrays.asList(r.string("municipalities").split("\n"));
    return new Scheme(r.longValue("id"), r.string("name"), municipalities, r.string("time_zone"),
        r.intValue("min_age"), r.intValue("max_age"), r.intValue("validity_months"), r.intValue("companions"),
        r.bool("admit_unknown_cards"));
  }
}
