package no.klipp.server.visit;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL runs uploads side by side (SQLite lets one writer in at a time): two terminals
 * uploading visits of the same card at the same moment must still count each other's, or a card
 * over its quota goes unflagged.
 */
class ConcurrentQuotaTest {

  TestServer ts;
  World w;

  @BeforeEach
  void setUp() {
    ts = new TestServer(Dialect.POSTGRESQL);
    w = new World(ts, "Tinn");
  }

  @AfterEach
  void tearDown() {
    ts.close();
  }

  @Test
  void twoUploadsOfOneCardAtOnceCountEachOther() throws Exception {
    EnrollResponse second = w.enroll(w.venueId, "Kasse 2");
    String card = w.cards.getFirst();
    Instant at = TestServer.START;
    // The quota is two a year: one visit now, then the second and the third at the same moment.
    upload(w.terminal, admission(w.terminal, 1, card, at));

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Connection holder = ts.testDb.db.dataSource().getConnection()) {
      // Holds every upload just before its commit (each notes its visits in stats_pending last),
      // after it has judged its visits: the first upload waits there while the second one starts.
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute("LOCK TABLE stats_pending IN EXCLUSIVE MODE");
      }
      long holderPid = pid(holder);
      Future<VisitBatchAck> first = pool.submit(() -> upload(w.terminal, admission(w.terminal, 2, card,
          at.plusSeconds(60))));
      long firstPid = awaitBlocked(holder, holderPid, -1);
      Future<VisitBatchAck> then = pool.submit(() -> upload(second, admission(second, 1, card, at.plusSeconds(90))));
      awaitBlocked(holder, holderPid, firstPid);
      holder.commit();

      assertEquals(Set.of(), first.get(10, TimeUnit.SECONDS).items().getFirst().flags(), "the second visit of two");
      assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), then.get(10, TimeUnit.SECONDS).items().getFirst().flags(),
          "the third visit, uploaded while the second was being stored, is over the quota");
    } finally {
      pool.shutdownNow();
    }
    // And the usage the next uploads start from holds all three.
    VisitBatchAck fourth = upload(second, admission(second, 2, card, at.plusSeconds(120)));
    assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), fourth.items().getFirst().flags());
  }

  @Test
  void aBatchOfTenThousandCardsTakesABoundedNumberOfLocks() throws Exception {
    // PostgreSQL's lock table is shared and holds 64 locks per connection by default: a lock per
    // card would run out ("out of shared memory") when a few large batches of different cards meet.
    List<Visit> visits = new java.util.ArrayList<>();
    for (int i = 0; i < VisitIngest.MAX_BATCH; i++) {
      visits.add(admission(w.terminal, i + 1, CardNumber.fromSerial(500_000_000 + i).digits(),
          TestServer.START.plusSeconds(i)));
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection holder = ts.testDb.db.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute("LOCK TABLE stats_pending IN EXCLUSIVE MODE");
      }
      Future<Client.Response> upload = pool.submit(() -> ts.client.post(ApiPaths.VISITS, w.terminal.token(),
          new VisitBatch(w.terminal.terminalId(), visits, null)));
      long uploadPid = awaitBlocked(holder, pid(holder), -1);
      long locks;
      try (PreparedStatement ps = holder.prepareStatement(
          "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = CAST(? AS integer)")) {
        ps.setLong(1, uploadPid);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          locks = rs.getLong(1);
        }
      }
      holder.commit();
      assertTrue(locks > 0 && locks <= 512, "advisory locks held: " + locks);
      Client.Response r = upload.get(30, TimeUnit.SECONDS);
      ok(r, 200);
      assertEquals(VisitIngest.MAX_BATCH, r.as(VisitBatchAck.class).items().stream()
          .filter(a -> a.status() == AckStatus.STORED).count());
    } finally {
      pool.shutdownNow();
    }
  }

  private Visit admission(EnrollResponse t, long seq, String card, Instant at) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, card, 1, w.offerId, t.venueId(),
        t.terminalId(), at, 0, Set.of());
  }

  private VisitBatchAck upload(EnrollResponse t, Visit v) {
    Client.Response r = ts.client.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(), List.of(v), null));
    ok(r, 200);
    return r.as(VisitBatchAck.class);
  }

  private static long pid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Waits until a session other than {@code except} is blocked by {@code holderPid} or by
   * {@code except}'s session; answers its process id.
   */
  private static long awaitBlocked(Connection c, long holderPid, long except) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE pid <> ?"
        + " AND (CAST(? AS integer) = ANY(pg_blocking_pids(pid)) OR CAST(? AS integer) = ANY(pg_blocking_pids(pid)))")) {
      ps.setLong(1, except);
      ps.setLong(2, holderPid);
      ps.setLong(3, except);
      while (System.nanoTime() < deadline) {
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return rs.getLong(1);
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no upload came to wait for the lock");
  }
}
