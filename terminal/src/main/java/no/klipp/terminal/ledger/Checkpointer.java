package no.klipp.terminal.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Copies an SQLite database's write-ahead log back into the database file on a thread of its own,
 * with its own connection, every {@code interval}. Otherwise the commit that fills the log past
 * 1,000 pages does the copying and its fsync itself, and the child whose scan it was waits for
 * it: tens of milliseconds on an SD card. A PASSIVE checkpoint never blocks the writer; SQLite's
 * own automatic checkpoint stays as the safety net should this thread fall behind.
 */
public final class Checkpointer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  private final Connection connection;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean stopped;
  private volatile long checkpoints;

  private Checkpointer(Connection connection, Duration interval, String name) {
    this.connection = connection;
    this.interval = interval;
    this.thread = Thread.ofPlatform().daemon().name("checkpoint " + name).unstarted(this::run);
  }

  /** Starts checkpointing the WAL-mode database at {@code file} every {@code interval}. */
  public static Checkpointer start(Path file, Duration interval) {
    Objects.requireNonNull(file, "file == null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    try {
      Checkpointer c = new Checkpointer(config.createConnection("jdbc:sqlite:" + file), interval,
          String.valueOf(file.getFileName()));
      c.thread.start();
      return c;
    } catch (SQLException e) {
      throw Ledger.translate(e, "start checkpointing " + file);
    }
  }

  /** Checkpoints done so far (for tests and status). */
  public long checkpoints() {
    return checkpoints;
  }

  private void run() {
    while (!stopped) {
      try {
        Thread.sleep(interval);
        checkpoint();
      } catch (InterruptedException e) {
        return;
      } catch (SQLException e) {
        // A busy or failing checkpoint loses nothing (the log keeps every commit): try again later.
        log.debug("Checkpoint failed: {}", e.getMessage());
      }
    }
  }

  private void checkpoint() throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      if (rs.next() && rs.getInt(1) == 0) {
        checkpoints++;
      }
    }
  }

  /** Stops the thread (after a checkpoint under way) and closes its connection. */
  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("Closing the checkpoint connection failed: {}", e.getMessage());
    }
  }
}
