package no.klipp.terminal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ErrorBody;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A due pull rides on the round's last upload, or on the idle report: one request instead of two. */
class PullWithUploadTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private final ObjectMapper json = Json.mapper();
  private final FakeServer server = FakeServer.started();
  private final MemoryQueue queue = new MemoryQueue();
  private final SyncLoopTest.Sink sink = new SyncLoopTest.Sink();
  private final SyncLoopTest.MutableClock clock = new SyncLoopTest.MutableClock(T0);
  private final SyncConfig config = new SyncConfig(3, Duration.ofMinutes(3), Duration.ofSeconds(10),
      Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ZERO, "test-1");
  private final AtomicInteger cursors = new AtomicInteger(1);
  /** The query of each upload, null for none. */
  private final List<String> uploadQueries = new ArrayList<>();
  private final AtomicInteger snapshots = new AtomicInteger();
  /** What an upload asking for changes gets besides its acknowledgements: the delta, or this refusal. */
  private volatile ErrorBody refusal;

  @AfterEach
  void stop() {
    server.close();
  }

  /** A server of this version: an upload naming a cursor gets the changes after it in its answer. */
  private void serve() {
    server.route("/api/v1/terminal/ledger", req -> {
      snapshots.incrementAndGet();
      return FakeServer.Answer.json(json.writeValueAsString(
          new LedgerSnapshot("v-1", "c-" + cursors.getAndIncrement(), T0, null, null, null, null, null, null)));
    });
    server.route("/api/v1/terminal/visits", req -> {
      synchronized (uploadQueries) {
        uploadQueries.add(req.query());
      }
      List<VisitAck> acks = new ArrayList<>();
      for (Visit v : json.readValue(req.body(), VisitBatch.class).visits()) {
        acks.add(new VisitAck(v.id(), AckStatus.STORED, null, Set.of()));
      }
      VisitBatchAck ack = new VisitBatchAck(T0, acks, List.of());
      if (req.query() != null && req.query().startsWith("since=")) {
        String since = req.query().substring("since=".length());
        ack = refusal != null ? ack.withDeltaRefused(refusal)
            : ack.withDelta(new LedgerDelta(since, "c-" + cursors.getAndIncrement(), T0, null, null, null, null, null,
                null, null));
      }
      return FakeServer.Answer.json(json.writeValueAsString(ack));
    });
  }

  private SyncLoop loop() {
    SyncClient client = new SyncClient(server.url(), "tok", config.timeout(), clock);
    TerminalIdentity id = new TerminalIdentity(server.url().toString(), "t-1", "v-1", "Pool", "tok");
    return new SyncLoop(client, id, queue, sink, new SyncLoopTest.MemoryStore(), config, clock, new Random(7),
        t -> { }, clock::instant);
  }

  /** A loop whose ledger was loaded (cursor c-1) by a first round, with what it sent forgotten. */
  private SyncLoop loaded() {
    SyncLoop loop = loop();
    loop.round();
    server.seen.clear();
    return loop;
  }

  /** One round {@code later}, with {@code visits} queued first. */
  private void roundAfter(SyncLoop loop, Runnable queued, Duration later) {
    queued.run();
    clock.advance(later);
    loop.round();
  }

  private void queueVisits(int n) {
    for (int i = 0; i < n; i++) {
      long seq = queue.lastSequence() + 1;
      queue.add(new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, "1234567897", 1, "o-1", "v-1", "t-1",
          T0.plusSeconds(seq), 0, Set.of()));
    }
  }

  private List<String> paths() {
    return server.seen.stream().map(FakeServer.Seen::path).toList();
  }

  @Test
  void theLastUploadOfADueRoundBringsTheChanges() {
    serve();
    SyncLoop loop = loaded();

    roundAfter(loop, () -> queueVisits(5), Duration.ofMinutes(3));

    assertEquals(List.of("/api/v1/terminal/visits", "/api/v1/terminal/visits"), paths(), "no request of its own");
    assertEquals(java.util.Arrays.asList(null, "since=c-1"), uploadQueries, "only the batch that empties the queue asks");
    assertEquals(Optional.of("c-2"), sink.cursor(), "the changes carried were applied");
    assertEquals(T0.plus(Duration.ofMinutes(3)), loop.status().lastDownload());
    assertEquals(0, loop.status().visitsWaiting());
  }

  @Test
  void anIdleTerminalsReportBringsTheChanges() {
    serve();
    SyncLoop loop = loaded();

    roundAfter(loop, () -> { }, Duration.ofMinutes(3));

    assertEquals(List.of("/api/v1/terminal/visits"), paths());
    assertEquals(List.of("since=c-1"), uploadQueries);
    assertEquals(Optional.of("c-2"), sink.cursor());
  }

  @Test
  void anUploadBeforeThePullIsDueAsksForNothing() {
    serve();
    SyncLoop loop = loaded();

    roundAfter(loop, () -> queueVisits(1), Duration.ofMinutes(1));

    assertEquals(java.util.Collections.singletonList(null), uploadQueries);
    assertEquals(Optional.of("c-1"), sink.cursor());
  }

  @Test
  void aQueueEndingOnAFullBatchAsksForTheChangesApart() {
    serve();
    server.route("/api/v1/terminal/ledger/delta", req -> FakeServer.Answer.json(json.writeValueAsString(
        new LedgerDelta(req.query().substring(6), "c-" + cursors.getAndIncrement(), T0, null, null, null, null, null,
            null, null))));
    SyncLoop loop = loaded();

    roundAfter(loop, () -> queueVisits(3), Duration.ofMinutes(3));

    assertEquals(List.of("/api/v1/terminal/visits", "/api/v1/terminal/ledger/delta"), paths());
    assertNull(uploadQueries.getFirst(), "a full batch may not be the last");
    assertEquals(Optional.of("c-2"), sink.cursor());
  }

  @Test
  void changesTheServerCannotGiveMakeTheTerminalLoadASnapshot() {
    serve();
    SyncLoop loop = loaded();
    refusal = new ErrorBody("snapshot_required", "this terminal's ledger changed form", T0);

    roundAfter(loop, () -> queueVisits(1), Duration.ofMinutes(3));

    assertEquals(List.of("/api/v1/terminal/visits", "/api/v1/terminal/ledger"), paths(), "no delta asked apart");
    assertEquals(2, snapshots.get(), "the first, and the one loaded instead of the changes");
    assertEquals(0, loop.status().visitsWaiting(), "the visits were acknowledged all the same");
    assertTrue(loop.status().online());
    assertEquals(Optional.of("c-2"), sink.cursor());
  }
}
