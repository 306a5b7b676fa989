package no.klipp.terminal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncLoopTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private final ObjectMapper json = Json.mapper();
  private final FakeServer server = FakeServer.started();
  private final MemoryQueue queue = new MemoryQueue();
  private final Sink sink = new Sink();
  private final MemoryStore store = new MemoryStore();
  private final AtomicReference<Instant> serverSaw = new AtomicReference<>();
  /** The server's visits by id, and how many times each upload carried it. */
  private final Map<UUID, Visit> stored = new ConcurrentHashMap<>();
  private final List<Integer> batchSizes = new ArrayList<>();
  private final AtomicInteger deltas = new AtomicInteger();
  private final SyncConfig config = new SyncConfig(3, Duration.ofMinutes(3), Duration.ofSeconds(10),
      Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ZERO, "test-1");

  @AfterEach
  void stop() {
    server.close();
  }

  /** A server that stores each visit id once; refuses visits of card "0000000000". */
  private FakeServer.Answer upload(FakeServer.Seen req) throws Exception {
    VisitBatch batch = json.readValue(req.body(), VisitBatch.class);
    synchronized (batchSizes) {
      batchSizes.add(batch.visits().size());
    }
    List<VisitAck> acks = new ArrayList<>();
    for (Visit v : batch.visits()) {
      if (v.cardNumber().equals("0000000000")) {
        acks.add(new VisitAck(v.id(), AckStatus.REFUSED, "UNKNOWN_CARD: no such card", Set.of()));
      } else {
        acks.add(new VisitAck(v.id(), stored.putIfAbsent(v.id(), v) == null ? AckStatus.STORED : AckStatus.DUPLICATE,
            null, Set.of()));
      }
    }
    return FakeServer.Answer.json(json.writeValueAsString(new VisitBatchAck(T0, acks, List.of())));
  }

  private void serveLedger() {
    server.route("/api/v1/terminal/visits", this::upload);
    server.route("/api/v1/terminal/ledger", req -> FakeServer.Answer.json(json.writeValueAsString(
        new LedgerSnapshot("v-1", "c-1", T0, null, null, null, null, null, null))));
    server.route("/api/v1/terminal/ledger/delta", req -> {
      deltas.incrementAndGet();
      return FakeServer.Answer.json(json.writeValueAsString(
          new LedgerDelta(req.query().substring(6), "c-" + (deltas.get() + 1), T0, null, null, null, null, null, null, null)));
    });
  }

  private SyncLoop loop(Clock clock) {
    SyncClient client = new SyncClient(server.url(), "tok", config.timeout(), clock);
    TerminalIdentity id = new TerminalIdentity(server.url().toString(), "t-1", "v-1", "Pool", "tok");
    return new SyncLoop(client, id, queue, sink, store, config, clock, new Random(7), serverSaw::set, clock::instant);
  }

  private static Visit visit(long seq, String card) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, card, 1, "o-1", "v-1", "t-1",
        T0.plusSeconds(seq), 0, Set.of());
  }

  @Test
  void firstRoundLoadsSnapshotThenUploadsEverythingOldestFirstInBatches() {
    serveLedger();
    List<Visit> made = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      made.add(visit(i, "1234567897"));
      queue.add(made.getLast());
    }
    SyncLoop loop = loop(Clock.fixed(T0, ZoneOffset.UTC));

    loop.round();

    assertEquals(Optional.of("c-1"), sink.cursor());
    assertEquals(made.stream().map(Visit::id).toList(), List.copyOf(queue.acked.keySet()));
    assertEquals(8, stored.size());
    assertEquals(List.of(3, 3, 2), batchSizes);
    SyncStatus s = loop.status();
    assertEquals(0, s.visitsWaiting());
    assertTrue(s.online());
    assertEquals(T0, s.lastUpload());
    assertEquals(T0, s.lastDownload());
    assertNull(s.problem());
    assertEquals(s, store.saved.withCounts(0, 0));
  }

  @Test
  void stoppingTheRunnerLetsTheRoundUnderWayFinishInsteadOfCuttingItsCallOff() throws Exception {
    serveLedger();
    SyncLoop loop = loop(Clock.fixed(T0, ZoneOffset.UTC));
    loop.round(); // the snapshot
    java.util.concurrent.CountDownLatch uploading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    server.route("/api/v1/terminal/visits", req -> {
      uploading.countDown();
      release.await();
      return upload(req);
    });
    queue.add(visit(1, "1234567897"));
    loop.pullSoon(); // the round under way uploads, then asks for the changes
    SyncRunner runner = new SyncRunner(loop, Duration.ZERO).start();
    assertTrue(uploading.await(10, java.util.concurrent.TimeUnit.SECONDS));

    Thread stopping = Thread.ofPlatform().start(runner::close);
    Thread.sleep(200);
    assertTrue(stopping.isAlive(), "the stop waits for the upload under way");
    release.countDown();
    stopping.join(10_000);

    assertFalse(stopping.isAlive());
    SyncStatus s = loop.status();
    assertNull(s.problem(), "a clean stop is not a server problem");
    assertTrue(s.online());
    assertEquals(0, s.visitsWaiting(), "the upload under way was acknowledged");
    assertEquals(1, deltas.get(), "and the round went on to ask for the changes");
  }

  @Test
  void anIdleTerminalReportsOncePerPullSoTheServerKnowsItIsAlive() {
    serveLedger();
    List<TerminalReport> reports = new ArrayList<>();
    server.route("/api/v1/terminal/visits", req -> {
      synchronized (reports) {
        reports.add(json.readValue(req.body(), VisitBatch.class).report());
      }
      return upload(req);
    });
    MutableClock clock = new MutableClock(T0);
    SyncLoop loop = loop(clock);
    loop.round(); // the first round loads the snapshot: nothing to report yet
    assertEquals(0, reports.size());
    clock.advance(Duration.ofMinutes(3));
    loop.round();
    assertEquals(1, reports.size(), "no visits, but a report, with the pull");
    assertEquals(0, reports.getFirst().visitsWaiting());
    assertEquals("test-1", reports.getFirst().softwareVersion());
    assertEquals(List.of(0), batchSizes);
    clock.advance(Duration.ofSeconds(30));
    loop.round();
    assertEquals(1, reports.size(), "not again before the next pull");
    queue.add(visit(1, "1234567897"));
    clock.advance(Duration.ofMinutes(3));
    loop.round();
    assertEquals(List.of(0, 1), batchSizes, "with visits to send, their upload is the report");
  }

  @Test
  void refusedVisitsAreKeptWithTheirReasonAndNotResent() {
    serveLedger();
    Visit bad = visit(1, "0000000000");
    queue.add(bad);
    queue.add(visit(2, "1234567897"));
    SyncLoop loop = loop(Clock.fixed(T0, ZoneOffset.UTC));

    loop.round();
    loop.round();

    assertEquals("UNKNOWN_CARD: no such card", queue.refused.get(bad.id()));
    assertEquals(1, queue.acked.size());
    assertEquals(1, loop.status().visitsRefused());
    assertEquals(List.of(2), batchSizes, "the refused visit went once");
  }

  @Test
  void lostAnswersAreRetriedAndStoredOnce() {
    serveLedger();
    AtomicInteger calls = new AtomicInteger();
    server.route("/api/v1/terminal/visits", req -> {
      FakeServer.Answer a = upload(req);
      // The server stores the batch, but every other answer is lost on the way back.
      return calls.incrementAndGet() % 2 == 1 ? new FakeServer.Answer(502, "", null) : a;
    });
    for (int i = 1; i <= 7; i++) {
      queue.add(visit(i, "1234567897"));
    }
    SyncLoop loop = loop(Clock.fixed(T0, ZoneOffset.UTC));

    for (int i = 0; i < 20 && queue.waiting() > 0; i++) {
      loop.round();
    }

    assertEquals(0, queue.waiting());
    assertEquals(7, queue.acked.size());
    assertEquals(7, stored.size(), "each visit stored once although sent twice");
  }

  @Test
  void revokedTerminalKeepsItsQueueAndShowsTheProblem() {
    serveLedger();
    server.route("/api/v1/terminal/visits", req -> new FakeServer.Answer(401,
        "{\"code\":\"TERMINAL_REVOKED\",\"message\":\"this terminal was revoked\"}", null));
    queue.add(visit(1, "1234567897"));
    SyncLoop loop = loop(Clock.fixed(T0, ZoneOffset.UTC));

    Duration wait = loop.round();

    SyncStatus s = loop.status();
    assertFalse(s.online());
    assertEquals(1, s.visitsWaiting());
    assertTrue(s.problem().contains("revoked"), s.problem());
    assertTrue(s.problem().contains("does not accept this terminal"), s.problem());
    assertFalse(s.problem().contains("tok"), "no secret in the status");
    assertTrue(wait.compareTo(Duration.ofMillis(500)) >= 0, "backs off");
  }

  @Test
  void backsOffWhileDownAndPullsChangesAtOnceWhenBack() {
    serveLedger();
    MutableClock clock = new MutableClock(T0);
    SyncLoop loop = loop(clock);
    loop.round();
    assertEquals(0, deltas.get(), "a new terminal loads a snapshot");
    int before = deltas.get();

    server.route("/api/v1/terminal/visits", req -> new FakeServer.Answer(503, "", null));
    queue.add(visit(1, "1234567897"));
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofSeconds(1));
      waits.add(loop.round());
    }
    assertFalse(loop.status().online());
    assertTrue(waits.getLast().compareTo(waits.getFirst()) > 0, "waits grow: " + waits);
    assertTrue(waits.getLast().compareTo(Duration.ofSeconds(16)) >= 0, "waits grow: " + waits);

    server.route("/api/v1/terminal/visits", this::upload);
    clock.advance(Duration.ofSeconds(1));
    loop.round();

    assertTrue(loop.status().online());
    assertEquals(0, queue.waiting());
    assertEquals(before + 1, deltas.get(), "changes pulled as soon as the server answered again");
  }

  @Test
  void pullsChangesEveryIntervalWhileOnline() {
    serveLedger();
    MutableClock clock = new MutableClock(T0);
    SyncLoop loop = loop(clock);
    loop.round();
    int after = deltas.get();

    clock.advance(Duration.ofMinutes(1));
    Duration wait = loop.round();
    assertEquals(after, deltas.get(), "not due yet");
    assertEquals(Duration.ofMinutes(2), wait);

    clock.advance(Duration.ofMinutes(2));
    loop.round();
    assertEquals(after + 1, deltas.get());
    assertEquals("since=c-" + (after + 1), server.seen.getLast().query(), "asks after the cursor it holds");
  }

  @Test
  void recordsTheServerClockOffsetAndTellsTheTimeKeeper() {
    serveLedger(); // the fake answers with 2026-11-21T10:00:00Z
    SyncLoop loop = loop(Clock.fixed(T0.minusSeconds(90), ZoneOffset.UTC));

    loop.round();

    assertEquals(Optional.of(Duration.ofSeconds(90)), loop.status().clockOffset());
    assertEquals(T0, serverSaw.get());
  }

  @Test
  void aRoundFailedByABugIsRetriedAfterTheBackoffInsteadOfEndingSync() throws Exception {
    serveLedger();
    sink.bug = new ExceptionInInitializerError("a class failed to load");
    SyncLoop loop = loop(Clock.systemUTC());

    try (SyncRunner runner = new SyncRunner(loop, Duration.ZERO).start()) {
      for (int i = 0; i < 500 && sink.cursor().isEmpty(); i++) {
        Thread.sleep(10);
      }
    }

    assertEquals(Optional.of("c-1"), sink.cursor(), "the next round loaded the snapshot");
    assertTrue(loop.status().online());
  }

  @Test
  void aRoundFailedByABugIsInTheStatus() {
    serveLedger();
    sink.bug = new AssertionError("cannot happen");
    SyncLoop loop = loop(Clock.fixed(T0, ZoneOffset.UTC));

    Duration wait = loop.round();

    assertFalse(loop.status().online());
    assertTrue(loop.status().problem().contains("cannot happen"), loop.status().problem());
    assertTrue(wait.compareTo(Duration.ZERO) > 0, "retried after a backoff: " + wait);
  }

  @Test
  void aClockFarOffTheServersIsReportedAsAProblem() {
    serveLedger(); // the fake answers with 2026-11-21T10:00:00Z
    SyncLoop loop = loop(Clock.fixed(T0.minus(Duration.ofHours(1)), ZoneOffset.UTC));

    loop.round();

    SyncStatus s = loop.status();
    assertTrue(s.online());
    assertNotNull(s.problem(), "an hour behind the server");
    assertTrue(s.problem().contains("3600 s behind"), s.problem());
  }

  @Test
  void oldVisitsArePrunedOnlyOnAClockTheServerAgreesWith() {
    serveLedger(); // the fake answers with 2026-11-21T10:00:00Z
    loop(Clock.fixed(T0, ZoneOffset.UTC)).round();
    assertEquals(List.of(T0), queue.pruned, "in step with the server");

    queue.pruned.clear();
    loop(Clock.fixed(T0.plus(Duration.ofDays(800)), ZoneOffset.UTC)).round();
    assertEquals(List.of(), queue.pruned, "a clock two years ahead would take this year's visits for old ones");
  }

  @Test
  void halvesTheBatchWhenTheServerFindsItTooLarge() {
    serveLedger();
    server.route("/api/v1/terminal/visits", req -> json.readValue(req.body(), VisitBatch.class).visits().size() > 1
        ? new FakeServer.Answer(413, "", null) : upload(req));
    for (int i = 1; i <= 4; i++) {
      queue.add(visit(i, "1234567897"));
    }
    SyncLoop loop = loop(Clock.fixed(T0, ZoneOffset.UTC));

    loop.round();

    assertEquals(0, queue.waiting());
    assertEquals(4, stored.size());
  }

  @Test
  void visitsTheServerLostAreSentAgain() throws Exception {
    serveLedger();
    List<Visit> made = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      made.add(visit(i, "1234567897"));
      queue.add(made.getLast());
    }
    SyncLoop loop = loop(Clock.fixed(T0, ZoneOffset.UTC));
    loop.round();
    assertEquals(5, stored.size());

    // The server is restored from a backup that lacks visits 2..4; it says so with the next upload.
    stored.remove(made.get(1).id());
    stored.remove(made.get(2).id());
    stored.remove(made.get(3).id());
    server.route("/api/v1/terminal/visits", req -> {
      FakeServer.Answer a = upload(req);
      VisitBatchAck ack = json.readValue(a.body(), VisitBatchAck.class);
      List<no.klipp.protocol.sync.SequenceGap> gaps = stored.size() < 6
          ? List.of(new no.klipp.protocol.sync.SequenceGap(2, 4)) : List.of();
      return FakeServer.Answer.json(json.writeValueAsString(new VisitBatchAck(ack.serverTime(), ack.items(), gaps)));
    });
    queue.add(visit(6, "1234567897"));
    loop.round();

    assertEquals(6, stored.size(), "the lost visits went again");
    assertEquals(0, queue.waiting());
  }

  /**
   * The server lost the terminal's last visits after acknowledging them, and the terminal records
   * nothing new: its idle report names the last number it recorded, the server answers the missing
   * ones as a gap, and they go again.
   */
  @Test
  void anIdleTerminalsReportLetsTheServerAskForItsLostLastVisits() {
    serveLedger();
    List<Visit> made = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      made.add(visit(i, "1234567897"));
      queue.add(made.getLast());
    }
    MutableClock clock = new MutableClock(T0);
    SyncLoop loop = loop(clock);
    loop.round();
    assertEquals(3, stored.size());

    stored.remove(made.get(1).id());
    stored.remove(made.get(2).id());
    List<TerminalReport> reports = new ArrayList<>();
    server.route("/api/v1/terminal/visits", req -> {
      VisitBatch batch = json.readValue(req.body(), VisitBatch.class);
      reports.add(batch.report());
      VisitBatchAck ack = json.readValue(upload(req).body(), VisitBatchAck.class);
      long highest = stored.values().stream().mapToLong(Visit::sequence).max().orElse(0);
      TerminalReport r = batch.report();
      List<no.klipp.protocol.sync.SequenceGap> gaps = r.visitsWaiting() == 0 && r.lastSequence() > highest
          ? List.of(new no.klipp.protocol.sync.SequenceGap(highest + 1, r.lastSequence())) : List.of();
      return FakeServer.Answer.json(json.writeValueAsString(new VisitBatchAck(ack.serverTime(), ack.items(), gaps)));
    });
    clock.advance(Duration.ofMinutes(3));
    loop.round();
    assertEquals(List.of(new TerminalReport("test-1", 0, 0L, 3L)), reports, "the idle report names visit 3");
    assertEquals(2, queue.waiting(), "the lost visits are queued again");
    clock.advance(Duration.ofSeconds(30));
    loop.round();

    assertEquals(3, stored.size(), "and sent");
    assertEquals(0, queue.waiting());
  }

  @Test
  void answerWithoutOurVisitsKeepsThemQueued() {
    serveLedger();
    server.route("/api/v1/terminal/visits", req -> FakeServer.Answer.json(json.writeValueAsString(new VisitBatchAck(T0,
        List.of(new VisitAck(UUID.randomUUID(), AckStatus.STORED, null, Set.of())), List.of()))));
    queue.add(visit(1, "1234567897"));
    SyncLoop loop = loop(Clock.fixed(T0, ZoneOffset.UTC));

    loop.round();

    assertEquals(1, queue.waiting());
    assertFalse(loop.status().online());
    assertNotNull(loop.status().problem());
  }

  /** A ledger sink that only remembers the cursor. */
  static final class Sink implements LedgerSink {
    private volatile String cursor;
    /** Thrown by the next replace, once: a bug in the ledger code. */
    Error bug;

    @Override
    public Optional<String> cursor() {
      return Optional.ofNullable(cursor);
    }

    @Override
    public void replace(LedgerSnapshot snapshot, Instant now) {
      if (bug != null) {
        Error e = bug;
        bug = null;
        throw e;
      }
      cursor = snapshot.cursor();
    }

    @Override
    public void apply(LedgerDelta delta, Instant now) {
      cursor = delta.cursor();
    }
  }

  static final class MemoryStore implements StatusStore {
    SyncStatus saved;

    @Override
    public Optional<SyncStatus> load() {
      return Optional.ofNullable(saved);
    }

    @Override
    public void save(SyncStatus status) {
      saved = status;
    }
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
