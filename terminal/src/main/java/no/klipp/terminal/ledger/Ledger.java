package no.klipp.terminal.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The terminal's local SQLite database: one connection in WAL mode with {@code synchronous=FULL},
 * so a committed visit survives a power cut. Checked with {@code integrity_check} and migrated
 * when opened. Every access holds this object's lock; the stores ({@link Roster}, {@link VisitLog},
 * {@link Outbox}, {@link SnapshotImport}) go through {@link #read} and {@link #write}.
 */
public final class Ledger implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Ledger.class);

  /** Whether opening may create a new, empty ledger. */
  public enum Mode {
    /** The file must exist (validation: an empty ledger would refuse every card). */
    EXISTING,
    /** Create the file and its directory when missing (import). */
    CREATE
  }

  /** Work done with the connection; may throw SQL errors, which the ledger translates. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Path path;
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private long generation;
  private long requeues;
  private long prunes;
  private Checkpointer checkpointer;
  // Nesting of write(): work within an enclosing write joins its transaction.
  private int writeDepth;

  private Ledger(Path path, Connection connection) {
    this.path = path;
    this.connection = connection;
  }

  /** Opens (or with {@link Mode#CREATE} creates) the ledger at {@code path}, checks and migrates it. */
  public static Ledger open(Path path, Mode mode) {
    Objects.requireNonNull(path, "path == null");
    if (!Files.exists(path)) {
      if (mode == Mode.EXISTING) {
        throw new LedgerException(LedgerException.Problem.MISSING,
            "no ledger at " + path + ": load one with 'terminal ledger import FILE'");
      }
      try {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
          Files.createDirectories(dir);
        }
        // The roster holds children's first names and birth years: the agent's user's only, whatever
        // the directory's mode; SQLite gives its -wal and -shm files the database file's mode.
        Files.createFile(path, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      } catch (java.io.IOException e) {
        throw new LedgerException(LedgerException.Problem.STORAGE,
            "cannot create the directory for the ledger " + path + ": " + e.getMessage(), e);
      }
    } else if (Files.isDirectory(path)) {
      throw new LedgerException(LedgerException.Problem.STORAGE, "ledger path " + path + " is a directory");
    }
    Path home = path.toAbsolutePath().getParent();
    if (home != null) {
      NativeLibrary.prepare(home.resolve(".native"));
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5000);
    // A roster of 100,000 cards is some 8 MB: keep it in SQLite's page cache (default 2 MB), so a
    // scan's card lookup does not go back to the file.
    config.setCacheSize(-16_384);
    // Deleted rows are overwritten, not left in free pages: a desk's ledger made unattended, or a
    // name erased, must not keep the children's first names in the file for anyone who takes it.
    config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    Connection c = null;
    try {
      c = config.createConnection("jdbc:sqlite:" + path);
      checkIntegrity(c, path);
      Migrations.apply(c);
      Ledger ledger = new Ledger(path, c);
      log.info("Ledger opened at {}", path);
      return ledger;
    } catch (SQLException e) {
      closeQuietly(c);
      throw translate(e, "open the ledger " + path);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static void checkIntegrity(Connection c, Path path) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      while (rs.next()) {
        problems.add(rs.getString(1));
      }
    }
    if (!problems.equals(List.of("ok"))) {
      throw new LedgerException(LedgerException.Problem.CORRUPT,
          "the ledger " + path + " is damaged (" + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
              + "); keep the file for recovery of unsent visits, and import a fresh snapshot into a new path");
    }
  }

  /**
   * Copies the write-ahead log into the file and empties it, so that no page written before (a
   * name since removed) stays in the log. Best effort: a reader that holds the log leaves it as is,
   * to be overwritten later.
   */
  public synchronized void truncateLog() {
    read("truncate the write-ahead log", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      return null;
    });
  }

  /** Where the ledger lives. */
  public Path path() {
    return path;
  }

  /** Runs {@code work} without a transaction of its own (a read, or a single statement). */
  public synchronized <T> T read(String what, SqlWork<T> work) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      forgetStatements();
      throw translate(e, what);
    }
  }

  /**
   * Runs {@code work} in one write transaction and commits it durably; on any failure nothing of
   * it is kept and the failure is thrown. Called within another write's work, it joins that
   * transaction: the outer write commits it, or on failure rolls all of it back.
   */
  public synchronized <T> T write(String what, SqlWork<T> work) {
    if (writeDepth > 0) {
      return read(what, work);
    }
    writeDepth++;
    try {
      return transaction(what, work);
    } finally {
      writeDepth--;
    }
  }

  private <T> T transaction(String what, SqlWork<T> work) {
    try {
      prepare("BEGIN IMMEDIATE").execute();
    } catch (SQLException e) {
      forgetStatements();
      throw translate(e, what);
    }
    try {
      T result = work.run(connection);
      prepare("COMMIT").execute();
      return result;
    } catch (SQLException e) {
      rollback();
      forgetStatements();
      throw translate(e, what);
    } catch (RuntimeException | Error e) {
      rollback();
      throw e;
    }
  }

  private void rollback() {
    try (Statement s = connection.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      // SQLite rolls back by itself after some errors (a full disk); then there is nothing to undo.
      log.debug("Rollback after failure: {}", e.getMessage());
    }
  }

  /** A prepared statement kept for the ledger's lifetime, so the hot path never re-parses SQL. */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** After a failure the driver may have closed statements; prepare them afresh next time. */
  private void forgetStatements() {
    for (PreparedStatement ps : statements.values()) {
      closeQuietly(ps);
    }
    statements.clear();
  }

  /** A value of the meta table. */
  public Optional<String> meta(String key) {
    return read("read " + key, c -> {
      PreparedStatement ps = prepare("SELECT value FROM meta WHERE key = ?");
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    });
  }

  /** Sets a value of the meta table, durably. */
  public void setMeta(String key, String value) {
    write("write " + key, c -> {
      putMeta(key, value);
      return null;
    });
  }

  void putMeta(String key, String value) throws SQLException {
    PreparedStatement ps = prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    ps.setString(1, key);
    ps.setString(2, value);
    ps.executeUpdate();
  }

  /** Raised each time the roster (scheme, keys, offers) is replaced or changed, so caches know to reload. */
  public synchronized long generation() {
    return generation;
  }

  synchronized void rosterChanged() {
    generation++;
  }

  /** Raised each time acknowledged visits are queued again, so every {@link Outbox} looks afresh. */
  synchronized long requeues() {
    return requeues;
  }

  synchronized void requeued() {
    requeues++;
  }

  /** Raised each time old visits are deleted, so every {@link VisitLog} counts afresh. */
  synchronized long prunes() {
    return prunes;
  }

  synchronized void pruned() {
    prunes++;
  }

  /** The schema version of the open ledger. */
  public int schemaVersion() {
    return read("read the schema version", Migrations::version);
  }

  /** Runs {@code PRAGMA integrity_check}; the rows it returned ({@code ["ok"]} when healthy). */
  public List<String> integrityCheck() {
    return read("check integrity", c -> {
      List<String> rows = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        while (rs.next()) {
          rows.add(rs.getString(1));
        }
      }
      return rows;
    });
  }

  /** Closes the connection; a committed visit is already on disk. */
  @Override
  public synchronized void close() {
    if (checkpointer != null) {
      checkpointer.close();
      checkpointer = null;
    }
    forgetStatements();
    closeQuietly(connection);
  }

  /**
   * Checkpoints the write-ahead log on a thread of its own from now until {@link #close}, so no
   * scan's commit pays for it (for long-running use: the agent, {@code terminal validate}).
   */
  public synchronized void checkpointInBackground(Duration interval) {
    if (checkpointer == null) {
      checkpointer = Checkpointer.start(path, interval);
    }
  }

  /** The SQL failure as a ledger problem with a message that says what to do. */
  static LedgerException translate(SQLException e, String what) {
    String code = e instanceof SQLiteException s ? s.getResultCode().name() : "";
    if (code.startsWith(SQLiteErrorCode.SQLITE_FULL.name())) {
      return new LedgerException(LedgerException.Problem.DISK_FULL,
          "cannot " + what + ": the disk is full; nothing of this change was recorded", e);
    }
    if (code.startsWith(SQLiteErrorCode.SQLITE_NOTADB.name()) || code.startsWith(SQLiteErrorCode.SQLITE_CORRUPT.name())) {
      return new LedgerException(LedgerException.Problem.CORRUPT,
          "cannot " + what + ": the ledger file is not a valid database (" + e.getMessage() + ")", e);
    }
    if (code.startsWith(SQLiteErrorCode.SQLITE_BUSY.name()) || code.startsWith(SQLiteErrorCode.SQLITE_LOCKED.name())) {
      return new LedgerException(LedgerException.Problem.STORAGE,
          "cannot " + what + ": the ledger is locked by another program", e);
    }
    if (code.startsWith(SQLiteErrorCode.SQLITE_READONLY.name()) || code.startsWith(SQLiteErrorCode.SQLITE_CANTOPEN.name())) {
      return new LedgerException(LedgerException.Problem.STORAGE,
          "cannot " + what + ": the ledger file cannot be written (permissions or read-only disk)", e);
    }
    return new LedgerException(LedgerException.Problem.STORAGE, "cannot " + what + ": " + e.getMessage(), e);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.debug("Close failed: {}", e.getMessage());
    }
  }
}
