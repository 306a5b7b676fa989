package no.klipp.server.db;

import java.nio.file.Path;
import java.util.Objects;

/** Where the data lives: a JDBC URL with optional credentials, and the pool size. */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {

  public DatabaseConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
    Dialect.ofJdbcUrl(jdbcUrl);
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize < 1: " + poolSize);
    }
  }

  /** The default: an SQLite file {@code klipp.db} in {@code dataDir}, nothing to install. */
  public static DatabaseConfig sqliteIn(Path dataDir) {
    return new DatabaseConfig("jdbc:sqlite:" + dataDir.resolve("klipp.db").toAbsolutePath(), null, null, 4);
  }

  /** A PostgreSQL (or other) database at {@code jdbcUrl}. */
  public static DatabaseConfig of(String jdbcUrl, String user, String password) {
    return new DatabaseConfig(jdbcUrl, user, password, 10);
  }

  /** The dialect of {@link #jdbcUrl}. */
  public Dialect dialect() {
    return Dialect.ofJdbcUrl(jdbcUrl);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[" + jdbcUrl + ", user=" + user + "]";
  }
}
