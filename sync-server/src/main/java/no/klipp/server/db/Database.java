package no.klipp.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool, migrated on open; work runs in a transaction or in auto-commit reads. */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);
  /** How often SQLite's write-ahead log is copied into the database file in the background. */
  private static final java.time.Duration CHECKPOINT_EVERY = java.time.Duration.ofMillis(500);

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  /** SQLite only: checkpoints off the writers' commits; null on PostgreSQL. */
  private final WalCheckpointer checkpointer;
  /**
   * SQLite only (null on PostgreSQL): this process's transactions take turns here, in the order they
   * asked, before SQLite's write lock. Left to SQLite, a waiting writer sleeps in its busy handler
   * (in steps of up to 100 ms) and a writer that begins again as soon as it commits takes the lock
   * first every time: while the statistics folder folded chunk after chunk, uploads waited up to
   * half a second (SyncLoadBench, spread round), and one test's writer waited out the 30-second
   * busy timeout. Other processes on the same file still wait in the busy handler.
   */
  private final ReentrantLock writeTurns;
  /**
   * SQLite only (null on PostgreSQL): each connection's prepared statements, kept for their next
   * use. Preparing parsed and planned the statement's text every time, and a sync round runs a few
   * dozen statements, most of them on every upload and ledger read.
   */
  private final StatementCache.PerConnection statements;

  private Database(HikariDataSource dataSource, Dialect dialect, WalCheckpointer checkpointer) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.checkpointer = checkpointer;
    this.writeTurns = dialect == Dialect.SQLITE ? new ReentrantLock(true) : null;
    this.statements = dialect == Dialect.SQLITE ? new StatementCache.PerConnection() : null;
  }

  /** Opens the pool and brings the schema up to date. */
  public static Database open(DatabaseConfig config) {
    Objects.requireNonNull(config, "config == null");
    Dialect dialect = config.dialect();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("klipp-" + dialect.name().toLowerCase(Locale.ROOT));
    if (dialect == Dialect.SQLITE) {
      // WAL lets readers run beside the one writer; IMMEDIATE takes the write lock when a
      // transaction begins, so two writers queue on busy_timeout instead of failing mid-way.
      hikari.addDataSourceProperty("journal_mode", "WAL");
      hikari.addDataSourceProperty("synchronous", "NORMAL");
      hikari.addDataSourceProperty("busy_timeout", "30000");
      hikari.addDataSourceProperty("foreign_keys", "true");
      hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      // 16 MB of pages per connection instead of SQLite's 2 MB (made for small devices): a large
      // upload no longer spills dirty pages before its commit, and index pages stay cached
      // (IngestBench: 26,000–27,000 visits/s instead of 20,000–25,000).
      hikari.addDataSourceProperty("cache_size", "-16384");
      hikari.setConnectionInitSql(WalCheckpointer.CONNECTION_INIT);
    }
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations(dialect.migrations())
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    WalCheckpointer checkpointer = null;
    if (dialect == Dialect.SQLITE) {
      try {
        checkpointer = WalCheckpointer.start(config.jdbcUrl(), CHECKPOINT_EVERY);
      } catch (SQLException e) {
        dataSource.close();
        throw new DataAccessException("cannot open the checkpoint connection", e);
      }
    }
    log.info("Database ready ({})", dialect);
    return new Database(dataSource, dialect, checkpointer);
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The most connections the pool opens. */
  public int poolSize() {
    return dataSource.getMaximumPoolSize();
  }

  /** The pool, for tools that need plain JDBC. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs {@code work} in one transaction: all of it is stored, or none of it. */
  public <T> T transaction(Work<T> work) {
    if (writeTurns == null) {
      return inTransaction(work);
    }
    writeTurns.lock();
    try {
      return inTransaction(work);
    } finally {
      writeTurns.unlock();
    }
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(sql(c));
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollback(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new DataAccessException("transaction failed", e);
    }
  }

  /** Runs read-only {@code work} in auto-commit mode. */
  public <T> T read(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(sql(c));
    } catch (SQLException e) {
      throw new DataAccessException("query failed", e);
    }
  }

  private Sql sql(Connection c) throws SQLException {
    return new Sql(c, dialect, statements == null ? null : statements.of(c));
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** True when {@code e} is a unique or primary key violation on either dialect. */
  static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        if ("23505".equals(s.getSQLState())) {
          return true;
        }
        String m = s.getMessage();
        if (m != null && (m.contains("UNIQUE constraint failed") || m.contains("PRIMARY KEY constraint failed"))) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public void close() {
    if (checkpointer != null) {
      checkpointer.close();
    }
    dataSource.close();
  }
}
