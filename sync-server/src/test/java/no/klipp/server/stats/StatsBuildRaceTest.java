package no.klipp.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.FakeClock;
import no.klipp.server.support.TestDb;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * Two server instances started at once over one new PostgreSQL database (a deployment of several
 * instances): both build the statistics once, and both start.
 */
class StatsBuildRaceTest {

  @Test
  void twoInstancesStartingAtOnceBothStart() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (TestDb testDb = TestDb.fresh(Dialect.POSTGRESQL, 6);
        Connection holder = testDb.db.dataSource().getConnection()) {
      Clock clock = new FakeClock(TestServer.START);
      // Holds the statistics' built mark uncommitted, so both instances are seen to find none
      // before either has built: they then run their builds at the same time, as on a real start.
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.executeUpdate("INSERT INTO stats_state (id, built_at) VALUES (1, now())");
      }
      Future<?> one = pool.submit(() -> new StatsRecorder().buildOnce(testDb.db, clock));
      Future<?> two = pool.submit(() -> new StatsRecorder().buildOnce(testDb.db, clock));
      int holderPid;
      try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        holderPid = rs.getInt(1);
      }
      waitForWaiters(holderPid, 2);
      holder.rollback();
      one.get(30, TimeUnit.SECONDS);
      two.get(30, TimeUnit.SECONDS);
      holder.setAutoCommit(true);
      try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM stats_state")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until {@code n} builds wait for a lock (the held mark, or each other). */
  private static void waitForWaiters(int holderPid, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    // Its own connection: pg_stat_activity stays as first read for the rest of a transaction.
    try (Connection c = DriverManager.getConnection(TestDb.PG_URL, TestDb.PG_USER, null);
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity w WHERE"
            + " ? = ANY (pg_blocking_pids(w.pid)) OR EXISTS (SELECT 1 FROM pg_stat_activity b"
            + " WHERE b.pid = ANY (pg_blocking_pids(w.pid)) AND ? = ANY (pg_blocking_pids(b.pid)))")) {
      ps.setInt(1, holderPid);
      ps.setInt(2, holderPid);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getInt(1) >= n) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the builds did not both reach the held mark");
  }
}
