package no.klipp.server.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import no.klipp.server.db.DatabaseConfig;
import no.klipp.server.db.Dialect;
import org.flywaydb.core.Flyway;

/**
 * An empty database of one dialect (a SQLite file in a temporary directory, or a PostgreSQL
 * schema of its own) to migrate step by step: data written at an old version, then the upgrade.
 */
public final class MigrationDb implements AutoCloseable {

  private final Dialect dialect;
  private final String schema;
  /** The JDBC URL of the database. */
  public final String url;

  public MigrationDb(Dialect dialect) throws Exception {
    this.dialect = dialect;
    if (dialect == Dialect.SQLITE) {
      schema = null;
      url = DatabaseConfig.sqliteIn(Files.createTempDirectory("klipp-migration")).jdbcUrl();
    } else {
      schema = "klipp_mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      execute(TestDb.PG_URL, "CREATE SCHEMA " + schema);
      url = TestDb.PG_URL + "?currentSchema=" + schema;
    }
  }

  /** Migrates to {@code target} (a version such as "37"), or to the latest when null. */
  public void migrate(String target) {
    var config = Flyway.configure().dataSource(url, TestDb.PG_USER, null).locations(dialect.migrations());
    (target == null ? config : config.target(target)).load().migrate();
  }

  /** A new connection to the database. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, TestDb.PG_USER, null);
  }

  @Override
  public void close() throws SQLException {
    if (schema != null) {
      execute(TestDb.PG_URL, "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, TestDb.PG_USER, null); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
