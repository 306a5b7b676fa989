package no.klipp.server.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite: copies the write-ahead log into the database file on a background thread. By default
 * the commit that takes the log past 1000 pages does this copy itself, and a 5,000-visit upload
 * dirties several thousand index pages, so every upload paid for a checkpoint (~40 ms) before
 * answering. Writers now checkpoint themselves only past {@link #FOREGROUND_PAGES}, a safety net
 * should this thread fall behind.
 */
final class WalCheckpointer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
  /** A writer's commit checkpoints only when the log holds more pages than this (~80 MB). */
  static final int FOREGROUND_PAGES = 20_000;
  /** The statement each pooled connection runs first. */
  static final String CONNECTION_INIT = "PRAGMA wal_autocheckpoint = " + FOREGROUND_PAGES;

  private final Connection connection;
  private final ScheduledExecutorService timer;

  private WalCheckpointer(Connection connection, Duration every) {
    this.connection = connection;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sqlite-checkpoint");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::checkpoint, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checkpoints the database at {@code jdbcUrl} every {@code every} on its own connection. */
  static WalCheckpointer start(String jdbcUrl, Duration every) throws SQLException {
    return new WalCheckpointer(DriverManager.getConnection(jdbcUrl), every);
  }

  /** One passive checkpoint: copies what it can without waiting for readers or writers. */
  void checkpoint() {
    synchronized (connection) {
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(PASSIVE)");
      } catch (SQLException e) {
        // Nothing is lost: the log keeps every commit, and the next run (or a writer) copies it.
        log.warn("Background checkpoint failed; will retry: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    synchronized (connection) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.warn("Closing the checkpoint connection failed: {}", e.toString());
      }
    }
  }
}
