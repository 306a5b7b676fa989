package no.klipp.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plain SQL on one connection, the same text on every dialect; only the binding of times, dates
 * and ids differs, and that is done here.
 */
public final class Sql {

  private final Connection connection;
  private final Dialect dialect;
  /** SQLite: the connection's prepared statements, kept for their next use; null on PostgreSQL. */
  private final StatementCache statements;

  Sql(Connection connection, Dialect dialect, StatementCache statements) {
    this.connection = connection;
    this.dialect = dialect;
    this.statements = statements;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** All rows of a query. */
  public <T> List<T> list(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
    return query(sql, args, rs -> {
      List<T> out = new ArrayList<>();
      Row row = new Row(rs, dialect);
      while (rs.next()) {
        out.add(mapper.map(row));
      }
      return out;
    });
  }

  /** The first row of a query, if any. */
  public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
    return query(sql, args, rs -> rs.next() ? Optional.of(mapper.map(new Row(rs, dialect))) : Optional.empty());
  }

  /** Runs an insert, update or delete; answers the number of rows changed. */
  public int update(String sql, Object... args) throws SQLException {
    PreparedStatement ps = prepare(sql, args);
    return done(sql, ps, run(ps, PreparedStatement::executeUpdate));
  }

  /** Runs one statement once per argument list, as a JDBC batch. */
  public void batch(String sql, List<Object[]> rows) throws SQLException {
    batchCounts(sql, rows);
  }

  /**
   * Runs one statement once per argument list, as a JDBC batch; answers the rows each one changed
   * (SQLite counts every statement; on PostgreSQL with rewritten batches a count may be unknown).
   */
  public int[] batchCounts(String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return new int[0];
    }
    PreparedStatement ps = statement(sql);
    return done(sql, ps, run(ps, p -> {
      for (Object[] args : rows) {
        bindAll(p, args);
        p.addBatch();
      }
      return p.executeBatch();
    }));
  }

  /** {@code n} placeholders {@code (?, ?, ?)} for one row of a multi-row insert. */
  public static String placeholders(int n) {
    StringBuilder sb = new StringBuilder(n * 3 + 2).append('(');
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "?" : ", ?");
    }
    return sb.append(')').toString();
  }

  /** A condition {@code column IN (...)} and the arguments it binds. */
  public record In(String sql, Object[] args) {}

  /**
   * {@code column} is one of {@code values}: one array parameter on PostgreSQL ({@code = ANY(?)},
   * cheap to parse however many values), a list of placeholders on SQLite.
   */
  public In in(String column, java.util.Collection<?> values, String pgType) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      Object[] array = values.stream().map(Object::toString).toArray();
      return new In(column + " = ANY(CAST(? AS " + pgType + "[]))",
          new Object[] {connection.createArrayOf("text", array)});
    }
    if (values.size() <= SHORT_IN) {
      return new In(column + " IN " + placeholders(values.size()), values.toArray());
    }
    // Thousands of placeholders cost SQLite more to parse and bind than the look-ups themselves:
    // one JSON array parameter, read with json_each, is one short statement.
    return new In(column + " IN (SELECT value FROM json_each(?))", new Object[] {jsonArray(values)});
  }

  /** Lists up to this long are bound one placeholder per value on SQLite. */
  private static final int SHORT_IN = 50;

  /** A JSON array of the values: numbers as numbers, everything else as strings. */
  public static String jsonArray(java.util.Collection<?> values) {
    StringBuilder sb = new StringBuilder(values.size() * 16).append('[');
    for (Object v : values) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      if (v instanceof Long || v instanceof Integer) {
        sb.append(v);
      } else {
        jsonString(sb, v.toString());
      }
    }
    return sb.append(']').toString();
  }

  /** A JSON object of the entries: each key a string, each value a number. */
  public static String jsonObject(Map<String, Integer> entries) {
    StringBuilder sb = new StringBuilder(entries.size() * 20).append('{');
    for (Map.Entry<String, Integer> e : entries.entrySet()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      jsonString(sb, e.getKey());
      sb.append(':').append(e.getValue().intValue());
    }
    return sb.append('}').toString();
  }

  private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();

  /** Hands each entry of a JSON object of whole numbers ({@link #jsonObject}'s form) to {@code entry}. */
  public static void readJsonObject(String json, java.util.function.ObjIntConsumer<String> entry) throws SQLException {
    try (com.fasterxml.jackson.core.JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        throw new SQLException("not a JSON object: " + json);
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
          throw new SQLException("not a whole number at " + name);
        }
        entry.accept(name, p.getIntValue());
      }
    } catch (java.io.IOException e) {
      throw new SQLException("not a JSON object of numbers", e);
    }
  }

  private static void jsonString(StringBuilder sb, String text) {
    sb.append('"');
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    sb.append('"');
  }

  /** A text array parameter (PostgreSQL), e.g. for {@code unnest}. */
  public java.sql.Array textArray(Object[] values) throws SQLException {
    return connection.createArrayOf("text", values);
  }

  /** An array parameter of a PostgreSQL element type, e.g. {@code int8} from {@code Long[]} (sent in binary). */
  public java.sql.Array array(String type, Object[] values) throws SQLException {
    return connection.createArrayOf(type, values);
  }

  /** {@code first} followed by {@code rest}, as one argument list. */
  public static Object[] args(Object[] first, Object... rest) {
    Object[] out = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, out, first.length, rest.length);
    return out;
  }

  /**
   * PostgreSQL: {@code COPY table (columns) FROM STDIN} of {@code rows} in COPY's text format (one
   * line per row, tab-separated, made with {@link CopyText}); answers the number of rows copied.
   */
  public long copyIn(String table, String columns, byte[] rows) throws SQLException {
    if (dialect != Dialect.POSTGRESQL) {
      throw new IllegalStateException("COPY is PostgreSQL's");
    }
    org.postgresql.copy.CopyIn in = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
        .copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
    try {
      in.writeToCopy(rows, 0, rows.length);
      return in.endCopy();
    } catch (SQLException | RuntimeException e) {
      if (in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException cancel) {
          e.addSuppressed(cancel); // the COPY's own failure is the one to report
        }
      }
      throw e;
    }
  }

  /**
   * Runs {@code work} in a savepoint. When it fails with SQLSTATE {@code state}, what it did is
   * undone, the transaction goes on and the answer is empty; any other failure fails the transaction.
   */
  public <T> Optional<T> undoneOn(String state, Work<T> work) throws SQLException {
    java.sql.Savepoint savepoint = connection.setSavepoint();
    try {
      T out = work.run(this);
      connection.releaseSavepoint(savepoint);
      return Optional.of(out);
    } catch (SQLException e) {
      if (!state.equals(e.getSQLState())) {
        throw e;
      }
      try {
        connection.rollback(savepoint);
        connection.releaseSavepoint(savepoint);
      } catch (SQLException undo) {
        undo.addSuppressed(e);
        throw undo;
      }
      return Optional.empty();
    }
  }

  /** The raw connection, for the rare statement that needs it (benchmarks' baselines). */
  public Connection connection() {
    return connection;
  }

  /** What is done with a statement; its failure closes the statement. */
  private interface Use<T, S> {
    T on(S subject) throws SQLException;
  }

  private <T> T query(String sql, Object[] args, Use<T, ResultSet> reader) throws SQLException {
    PreparedStatement ps = prepare(sql, args);
    return done(sql, ps, run(ps, p -> {
      try (ResultSet rs = p.executeQuery()) {
        return reader.on(rs);
      }
    }));
  }

  /** {@code use} of {@code ps}; when it fails, {@code ps} is closed, never kept for another use. */
  private static <T> T run(PreparedStatement ps, Use<T, PreparedStatement> use) throws SQLException {
    try {
      return use.on(ps);
    } catch (SQLException | RuntimeException | Error e) {
      try {
        ps.close();
      } catch (SQLException close) {
        e.addSuppressed(close);
      }
      throw e;
    }
  }

  /** Ends a use of {@code ps} that went well: kept for the next (SQLite) or closed; answers {@code result}. */
  private <T> T done(String sql, PreparedStatement ps, T result) throws SQLException {
    if (statements != null) {
      statements.give(sql, ps);
    } else {
      ps.close();
    }
    return result;
  }

  private PreparedStatement statement(String sql) throws SQLException {
    return statements != null ? statements.take(sql) : connection.prepareStatement(sql);
  }

  private PreparedStatement prepare(String sql, Object[] args) throws SQLException {
    PreparedStatement ps = statement(sql);
    try {
      bindAll(ps, args);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private void bindAll(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      bind(ps, i + 1, args[i]);
    }
  }

  /** Binds one value; times, dates and ids take each dialect's native form. */
  public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
    switch (value) {
      case null -> ps.setNull(index, Types.NULL);
      case Instant t when dialect == Dialect.SQLITE -> ps.setLong(index, t.toEpochMilli());
      case Instant t -> ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      case LocalDate d when dialect == Dialect.SQLITE -> ps.setString(index, d.toString());
      case LocalDate d -> ps.setObject(index, d);
      case UUID u when dialect == Dialect.SQLITE -> ps.setString(index, u.toString());
      case UUID u -> ps.setObject(index, u);
      case Enum<?> e -> ps.setString(index, e.name());
      case Boolean b -> ps.setBoolean(index, b);
      default -> ps.setObject(index, value);
    }
  }
}
