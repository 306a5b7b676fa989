package no.klipp.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLite's prepared statements, kept per connection for the next use of the same text. SQLite
 * parses and plans a statement each time it is prepared, and neither its JDBC driver nor the pool
 * keeps one (PostgreSQL's driver keeps its own, so it needs none of this).
 *
 * <p>A statement is taken out while in use and given back when done, so a statement that runs
 * while another with the same text is still open (a query inside a row mapper) gets one of its
 * own. A connection is used by one thread at a time, handed over through the pool.
 */
final class StatementCache {

  /** Statements kept per connection: more than the distinct texts the server runs often. */
  static final int SIZE = 200;

  private final Connection raw;
  private final LinkedHashMap<String, PreparedStatement> idle = new LinkedHashMap<>(64, 0.75f, true);

  private StatementCache(Connection raw) {
    this.raw = raw;
  }

  /** A prepared statement of {@code sql}: an idle one of the same text, or a new one. */
  PreparedStatement take(String sql) throws SQLException {
    PreparedStatement ps = idle.remove(sql);
    return ps != null ? ps : raw.prepareStatement(sql);
  }

  /**
   * Gives {@code ps} back after a use that ended well; its parameters and batch are cleared. The
   * least recently used statement is closed when the cache is full.
   */
  void give(String sql, PreparedStatement ps) throws SQLException {
    ps.clearParameters();
    ps.clearBatch();
    PreparedStatement before = idle.put(sql, ps);
    if (before != null) {
      before.close();
    }
    if (idle.size() > SIZE) {
      var eldest = idle.entrySet().iterator();
      PreparedStatement out = eldest.next().getValue();
      eldest.remove();
      out.close();
    }
  }

  /** How many statements wait for their next use. */
  int size() {
    return idle.size();
  }

  /** The caches of a pool's connections, each found by its driver connection. */
  static final class PerConnection {

    private final Map<Connection, StatementCache> caches = new IdentityHashMap<>();

    /**
     * The cache of {@code connection}'s driver connection (beneath the pool's proxy, which would
     * close every statement when the connection goes back to the pool).
     */
    synchronized StatementCache of(Connection connection) throws SQLException {
      Connection raw = connection.unwrap(org.sqlite.SQLiteConnection.class);
      StatementCache cache = caches.get(raw);
      if (cache == null) {
        // A new connection: the pool has retired others since (closing their statements with
        // them), and their caches go now, so there are never more than the pool's connections.
        List<Connection> closed = new ArrayList<>();
        for (Connection c : caches.keySet()) {
          if (c.isClosed()) {
            closed.add(c);
          }
        }
        closed.forEach(caches::remove);
        cache = new StatementCache(raw);
        caches.put(raw, cache);
      }
      return cache;
    }

    /** How many connections have a cache. */
    synchronized int connections() {
      return caches.size();
    }
  }
}
