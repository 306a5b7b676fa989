package no.klipp.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import no.klipp.server.db.Database;
import no.klipp.server.db.DatabaseConfig;
import no.klipp.server.db.Dialect;

/**
 * A fresh, migrated database for one test: an SQLite file in a temporary directory, or a uniquely
 * named schema in the local PostgreSQL (so parallel runs never collide), dropped on close.
 */
public final class TestDb implements AutoCloseable {

  public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String PG_USER = "postgres";

  public final Database db;
  public final Path dir;
  private final String pgSchema;

  private TestDb(Database db, Path dir, String pgSchema) {
    this.db = db;
    this.dir = dir;
    this.pgSchema = pgSchema;
  }

  /** A fresh database of {@code dialect}. */
  public static TestDb fresh(Dialect dialect) {
    return fresh(dialect, 4);
  }

  /** A fresh database of {@code dialect} with a pool of {@code poolSize} connections. */
  public static TestDb fresh(Dialect dialect, int poolSize) {
    try {
      Path dir = Files.createTempDirectory("klipp-test");
      if (dialect == Dialect.SQLITE) {
        DatabaseConfig c = DatabaseConfig.sqliteIn(dir);
        return new TestDb(Database.open(new DatabaseConfig(c.jdbcUrl(), null, null, poolSize)), dir, null);
      }
      String schema = "klipp_srv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      execute(PG_URL, "CREATE SCHEMA " + schema);
      String url = PG_URL + "?currentSchema=" + schema + "&reWriteBatchedInserts=true";
      try {
        return new TestDb(Database.open(new DatabaseConfig(url, PG_USER, null, poolSize)), dir, schema);
      } catch (RuntimeException e) {
        execute(PG_URL, "DROP SCHEMA " + schema + " CASCADE");
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url, PG_USER, null); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + url + " is needed for this test: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    db.close();
    if (pgSchema != null) {
      execute(PG_URL, "DROP SCHEMA " + pgSchema + " CASCADE");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary file is harmless.
    }
  }
}
