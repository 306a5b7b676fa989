package no.klipp.server.stats;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.DataAccessException;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Visits reach the statistics through {@code stats_pending}: exactly once, and before anyone reads them. */
class StatsFolderTest {

  private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

  private static Visit admission(EnrollResponse t, String offerId, long seq, String card, Instant at) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, card, 1, offerId, t.venueId(), t.terminalId(), at,
        0, Set.of());
  }

  private static Visit voidOf(EnrollResponse t, Visit a, long seq) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.VOID, a.id(), a.cardNumber(), 1, a.offerId(), t.venueId(),
        t.terminalId(), a.terminalTime().plusSeconds(30), 0, Set.of());
  }

  private static void upload(TestServer ts, EnrollResponse t, List<Visit> visits) {
    ok(ts.client.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(), visits, null)), 200);
  }

  private static long pending(TestServer ts) {
    return ts.testDb.db.read(sql -> sql.one("SELECT COALESCE(SUM(visits), 0) AS n FROM stats_pending",
        r -> r.longValue("n")).orElseThrow());
  }

  /** Net admissions in the daily statistics table, read directly (no fold). */
  private static long counted(TestServer ts) {
    return ts.testDb.db.read(sql -> sql.one("SELECT COALESCE(SUM(admissions - voids), 0) AS n FROM stats_offer_day",
        r -> r.longValue("n")).orElseThrow());
  }

  /** Net admissions as the visits themselves say. */
  private static long stored(TestServer ts) {
    return ts.testDb.db.read(sql -> sql.one("SELECT COALESCE(SUM(CASE kind WHEN 'ADMISSION' THEN 1 WHEN 'VOID' THEN -1"
        + " ELSE 0 END), 0) AS n FROM visit", r -> r.longValue("n")).orElseThrow());
  }

  private static List<Visit> batch(World w, EnrollResponse t, long firstSeq, int n) {
    List<Visit> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(admission(t, w.offerId, firstSeq + i, w.cards.get(i % 3), TestServer.START.plusSeconds(firstSeq + i)));
    }
    return out;
  }

  @Test
  void anUploadBiggerThanAChunkIsFoldedInPiecesInOrderAndOnce() {
    // Only SQLite's chunk is smaller than the biggest upload.
    Dialect dialect = Dialect.SQLITE;
    try (TestServer ts = new TestServer(dialect)) {
      ts.server.statsFolder.close(); // no background folds: this test folds itself
      World w = new World(ts, "Kragerø");
      int chunk = StatsFolder.FOLD_CHUNK_SQLITE;
      List<Visit> visits = batch(w, w.terminal, 1, chunk + 3);
      // The last visit voids the first: the admission is in the first piece, the void in the second.
      visits.set(chunk + 2, voidOf(w.terminal, visits.getFirst(), chunk + 3));
      upload(ts, w.terminal, visits);
      assertEquals(chunk + 3, pending(ts));
      assertEquals(chunk, ts.server.statsFolder.foldChunk());
      assertEquals(3, pending(ts));
      assertEquals(chunk, counted(ts));
      assertEquals(3, ts.server.statsFolder.foldAll());
      assertEquals(0, pending(ts));
      assertEquals(stored(ts), counted(ts));
      assertEquals(chunk + 1, counted(ts), "chunk + 2 admissions, one of them voided");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aVisitIsCountedOnceEvenWhenAFoldFailsHalfWayAndIsRetried(Dialect dialect) {
    try (TestServer ts = new TestServer(dialect)) {
      ts.server.statsFolder.close(); // only this test folds
      World w = new World(ts, "Fold");
      List<Visit> visits = new ArrayList<>(batch(w, w.terminal, 1, 40));
      visits.add(voidOf(w.terminal, visits.get(3), 41));
      upload(ts, w.terminal, visits);
      assertEquals(41, pending(ts));
      assertEquals(0, counted(ts));

      // A fold that writes its counts and then crashes before commit leaves everything pending.
      AtomicBoolean wrote = new AtomicBoolean();
      StatsFolder crashing = new StatsFolder(ts.testDb.db, (sql, rows) -> {
        new StatsRecorder().stored(sql, rows);
        wrote.set(true);
        throw new SQLException("crash after writing the counts");
      }, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
      try {
        assertThrows(DataAccessException.class, crashing::foldChunk);
      } finally {
        crashing.close();
      }
      assertTrue(wrote.get());
      assertEquals(41, pending(ts));
      assertEquals(0, counted(ts));

      // The retry counts each visit once; a second fold and a repeated upload add nothing.
      assertEquals(41, ts.server.statsFolder.foldAll());
      assertEquals(0, pending(ts));
      assertEquals(39, counted(ts));
      assertEquals(0, ts.server.statsFolder.foldAll());
      upload(ts, w.terminal, visits);
      assertEquals(0, pending(ts));
      assertEquals(39, ts.server.refunds.of(w.scheme.id(), null, DAY, DAY).visits());
      assertEquals(stored(ts), counted(ts));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aJustUploadedVisitIsInTheNextRead(Dialect dialect) {
    try (TestServer ts = new TestServer(dialect)) {
      ts.server.statsFolder.close(); // nothing folds in the background: only the read can
      World w = new World(ts, "Read");
      upload(ts, w.terminal, batch(w, w.terminal, 1, 1));
      assertEquals(1, pending(ts));
      assertEquals(1, ts.server.refunds.of(w.scheme.id(), w.venueId, DAY, DAY).visits());
      assertEquals(0, pending(ts));
      upload(ts, w.terminal, batch(w, w.terminal, 2, 2));
      StatsService.Statistics s = ts.server.stats.of(w.scheme.id(), new Period(java.time.YearMonth.of(2026, 3),
          java.time.YearMonth.of(2026, 3)));
      assertEquals(0, pending(ts));
      assertEquals(3, counted(ts));
      assertEquals(3, ts.server.refunds.of(w.scheme.id(), null, DAY, DAY).visits());
      assertTrue(s.tables().size() > 0);
    }
  }

  @Test
  void theBackgroundFoldCatchesUpWithoutAnyRead() throws Exception {
    try (TestServer ts = new TestServer(Dialect.SQLITE)) {
      World w = new World(ts, "Bakgrunn");
      upload(ts, w.terminal, batch(w, w.terminal, 1, 5));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (pending(ts) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(0, pending(ts));
      assertEquals(5, counted(ts));
    }
  }

  @Test
  void concurrentUploadsAndFoldersOnPostgresqlLoseNothing() throws Exception {
    try (TestServer ts = new TestServer(Dialect.POSTGRESQL, 12)) {
      World w = new World(ts, "Samtidig");
      List<EnrollResponse> terminals = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        terminals.add(w.enroll(w.venueId, "Kasse " + (i + 2)));
      }
      // Two more folders, as other server instances on the same database would run.
      List<StatsFolder> others = List.of(
          new StatsFolder(ts.testDb.db, new StatsRecorder(), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5)),
          new StatsFolder(ts.testDb.db, new StatsRecorder(), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(7)));
      ExecutorService pool = Executors.newFixedThreadPool(terminals.size() + 1);
      try {
        AtomicBoolean uploading = new AtomicBoolean(true);
        List<Future<?>> uploads = new ArrayList<>();
        for (EnrollResponse t : terminals) {
          uploads.add(pool.submit(() -> {
            long seq = 1;
            for (int b = 0; b < 15; b++) {
              List<Visit> visits = batch(w, t, seq, 40);
              visits.add(voidOf(t, visits.get(b % 40), seq + 40));
              seq += 41;
              upload(ts, t, visits);
              if (b % 5 == 0) {
                upload(ts, t, visits); // a lost acknowledgement: the repeat stores nothing
              }
            }
            return null;
          }));
        }
        Future<?> folding = pool.submit(() -> {
          while (uploading.get()) {
            ts.server.statsFolder.foldChunk();
          }
          return null;
        });
        for (Future<?> f : uploads) {
          f.get(120, TimeUnit.SECONDS);
        }
        uploading.set(false);
        folding.get(60, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
        others.forEach(StatsFolder::close);
      }
      long expected = 4 * 15 * 39;
      assertEquals(expected, stored(ts));
      assertEquals(expected, ts.server.refunds.of(w.scheme.id(), null, DAY, DAY).visits());
      assertEquals(0, pending(ts));
      assertEquals(expected, counted(ts));
      long withCompanions = ts.testDb.db.read(sql -> sql.one("SELECT COALESCE(SUM(visits), 0) AS n FROM stats_venue_month",
          r -> r.longValue("n")).orElseThrow());
      assertEquals(expected, withCompanions);
    }
  }
}
