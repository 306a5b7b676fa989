package no.klipp.server.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One result row, read the same way on every dialect (times, dates and ids are stored differently). */
public final class Row {

  private final ResultSet rs;
  private final Dialect dialect;
  /** SQLite dates parsed so far in this result: rows repeat a few dates (validity), parsing each is slow. */
  private java.util.Map<String, LocalDate> dates;

  Row(ResultSet rs, Dialect dialect) {
    this.rs = rs;
    this.dialect = dialect;
  }

  public String string(String column) throws SQLException {
    return rs.getString(column);
  }

  public long longValue(String column) throws SQLException {
    return rs.getLong(column);
  }

  public int intValue(String column) throws SQLException {
    return rs.getInt(column);
  }

  /** An integer column that may be null. */
  public Integer integer(String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  /** A long column that may be null. */
  public Long longOrNull(String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  public boolean bool(String column) throws SQLException {
    return rs.getBoolean(column);
  }

  /** A timestamp column (epoch millis on SQLite, timestamptz on PostgreSQL), or null. */
  public Instant instant(String column) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      long millis = rs.getLong(column);
      return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** A date column (ISO text on SQLite, date on PostgreSQL), or null. */
  public LocalDate date(String column) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      String s = rs.getString(column);
      if (s == null) {
        return null;
      }
      if (dates == null) {
        dates = new java.util.HashMap<>();
      }
      LocalDate d = dates.get(s);
      if (d == null) {
        d = LocalDate.parse(s);
        if (dates.size() < 1000) {
          dates.put(s, d);
        }
      }
      return d;
    }
    return rs.getObject(column, LocalDate.class);
  }

  /** A UUID column (text on SQLite, uuid on PostgreSQL), or null. */
  public UUID uuid(String column) throws SQLException {
    String s = rs.getString(column);
    return s == null ? null : UUID.fromString(s);
  }
}
