package no.klipp.terminal.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a ledger's schema up to date from the versioned SQL files {@code migrations/1.sql},
 * {@code 2.sql}, ... beside this class; {@code PRAGMA user_version} records the version reached.
 */
final class Migrations {

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  private static final String DIR = "migrations/";

  private Migrations() {}

  /** The newest schema version this software knows. */
  static int latest() {
    int v = 0;
    while (Migrations.class.getResource(DIR + (v + 1) + ".sql") != null) {
      v++;
    }
    return v;
  }

  /** Applies every migration newer than the ledger's version, each in its own transaction. */
  static void apply(Connection c) throws SQLException {
    int current = version(c);
    int latest = latest();
    if (current > latest) {
      throw new LedgerException(LedgerException.Problem.NEWER_VERSION,
          "the ledger has schema version " + current + " but this software knows only up to " + latest
              + "; update the terminal software");
    }
    for (int v = current + 1; v <= latest; v++) {
      String sql = read(v);
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        try {
          for (String statement : statements(sql)) {
            s.execute(statement);
          }
          s.execute("PRAGMA user_version = " + v);
          s.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          s.execute("ROLLBACK");
          throw e;
        }
      }
      log.info("Ledger schema migrated to version {}", v);
    }
  }

  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static String read(int version) {
    try (InputStream in = Migrations.class.getResourceAsStream(DIR + version + ".sql")) {
      if (in == null) {
        throw new IllegalStateException("migration " + version + " missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + version, e);
    }
  }

  /** Splits a file into statements: a statement ends with ';' at the end of a line; '--' lines are comments. */
  static java.util.List<String> statements(String sql) {
    java.util.List<String> out = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        out.add(current.toString().strip());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
