package no.klipp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import no.klipp.server.support.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's statements are prepared once per connection and used again, never by two uses at once. */
class StatementCacheTest {

  @TempDir
  Path dir;

  /** A driver connection and its cache, for the tests of one cache. */
  Connection c;
  StatementCache cache;

  private Connection open() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
  }

  @BeforeEach
  void openOne() throws Exception {
    c = open();
    cache = new StatementCache.PerConnection().of(c);
  }

  @AfterEach
  void closeIt() throws Exception {
    c.close();
  }

  @Test
  void aStatementGivenBackIsTheOneTakenNext() throws Exception {
    PreparedStatement first = cache.take("SELECT 1");
    cache.give("SELECT 1", first);
    assertSame(first, cache.take("SELECT 1"));
    assertNotSame(first, cache.take("SELECT 2"));
  }

  @Test
  void aStatementInUseIsNeverHandedOutAgain() throws Exception {
    PreparedStatement outer = cache.take("SELECT 1");
    PreparedStatement inner = cache.take("SELECT 1");
    assertNotSame(outer, inner);
    cache.give("SELECT 1", inner);
    cache.give("SELECT 1", outer);
    assertEquals(1, cache.size());
    assertTrue(inner.isClosed(), "the one put aside is closed, not leaked");
    assertFalse(outer.isClosed());
  }

  @Test
  void theLeastRecentlyUsedIsClosedWhenTheCacheIsFull() throws Exception {
    PreparedStatement eldest = cache.take("SELECT 0");
    cache.give("SELECT 0", eldest);
    PreparedStatement used = cache.take("SELECT 1");
    cache.give("SELECT 1", used);
    cache.give("SELECT 1", cache.take("SELECT 1")); // used again: now more recent than SELECT 0
    for (int i = 2; i <= StatementCache.SIZE; i++) {
      cache.give("SELECT " + i, cache.take("SELECT " + i));
    }
    assertEquals(StatementCache.SIZE, cache.size());
    assertTrue(eldest.isClosed());
    assertFalse(used.isClosed());
  }

  @Test
  void aClosedConnectionsCacheGoesWhenANewConnectionComes() throws Exception {
    StatementCache.PerConnection caches = new StatementCache.PerConnection();
    Connection retired = open();
    StatementCache before = caches.of(retired);
    assertSame(before, caches.of(retired));
    retired.close();
    try (Connection fresh = open()) {
      caches.of(fresh);
      assertEquals(1, caches.connections());
    }
  }

  @Test
  void throughTheDatabaseQueriesNestFailuresAreNotKeptAndReadsHoldNoSnapshot() throws Exception {
    try (TestDb t = TestDb.fresh(Dialect.SQLITE)) {
      Database db = t.db;
      db.transaction(sql -> sql.update("CREATE TABLE pair (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"));
      db.transaction(sql -> {
        sql.batch("INSERT INTO pair (k, v) VALUES (?, ?)", List.of(new Object[] {"a", 1}, new Object[] {"b", 2}));
        return null;
      });
      String byKey = "SELECT v FROM pair WHERE k = ?";
      // The same text inside its own row mapper: the outer statement is still stepping.
      List<Long> nested = db.read(sql -> sql.list("SELECT k FROM pair ORDER BY k",
          r -> sql.one(byKey, x -> x.longValue("v"), r.string("k")).orElseThrow()));
      assertEquals(List.of(1L, 2L), nested);
      assertEquals(2L, db.read(sql -> sql.one(byKey, r -> r.longValue("v"), "b")).orElseThrow());

      String insert = "INSERT INTO pair (k, v) VALUES (?, ?)";
      assertThrows(DataAccessException.class, () -> db.transaction(sql -> sql.update(insert, "a", 9)));
      assertEquals(1, (int) db.transaction(sql -> sql.update(insert, "c", 3)));
      assertEquals(3L, db.read(sql -> sql.one(byKey, r -> r.longValue("v"), "c")).orElseThrow());

      // Kept statements were reset: no read is left open to hold back a full checkpoint.
      try (Connection other = DriverManager.getConnection(DatabaseConfig.sqliteIn(t.dir).jdbcUrl());
          ResultSet rs = other.createStatement().executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getInt(1), "checkpoint blocked by a reader");
      }
    }
  }
}
