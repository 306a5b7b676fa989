package no.klipp.server.db;

/** The databases the server runs on; each has its own migration folder, queries are shared. */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The Flyway location of this dialect's migrations. */
  public String migrations() {
    return "classpath:db/migration/" + folder;
  }

  /** The dialect a JDBC URL names. */
  public static Dialect ofJdbcUrl(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:sqlite: or jdbc:postgresql:): " + url);
  }
}
