package no.klipp.terminal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.ledger.VisitLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerVisitQueueTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir
  Path dir;

  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

  /** Records {@code n} visits in a new ledger; answers them as stored (numbered), oldest first. */
  private static List<Visit> record(Ledger ledger, int n) {
    VisitLog log = new VisitLog(ledger);
    for (int i = 0; i < n; i++) {
      Visit v = new Visit(UUID.randomUUID(), 0, VisitKind.ADMISSION, null, "1234567897", 1, "o-1", "v-1", "t-1",
          T0.plusSeconds(i), 0, Set.of());
      ledger.write("test visit", c -> log.append(v, "2026"));
    }
    List<Visit> stored = new Outbox(ledger).pending(n + 1);
    assertEquals(n, stored.size());
    return stored;
  }

  private static List<UUID> ids(List<Visit> visits) {
    return visits.stream().map(Visit::id).toList();
  }

  @Test
  void pendingOldestFirstUntilAcknowledgedOrRefused() {
    try (Ledger ledger = Ledger.open(dir.resolve("l.db"), Ledger.Mode.CREATE)) {
      List<Visit> sent = record(ledger, 5);
      List<UUID> ids = ids(sent);
      LedgerVisitQueue queue = new LedgerVisitQueue(ledger, clock);

      assertEquals(ids.subList(0, 3), queue.pending(3).stream().map(Visit::id).toList());
      assertEquals(List.of(1L, 2L, 3L), queue.pending(3).stream().map(Visit::sequence).toList());

      queue.acknowledged(sent.subList(0, 2));
      queue.refused(sent.get(2), "UNKNOWN_OFFER: o-1");

      assertEquals(ids.subList(3, 5), queue.pending(10).stream().map(Visit::id).toList());
      assertEquals(2, queue.waiting());
      assertEquals(1, queue.refusedCount());
      assertEquals(Optional.of("UNKNOWN_OFFER: o-1"), queue.refusal(ids.get(2)));
      assertEquals(5, new Outbox(ledger).totalCount(), "nothing deleted");
    }
  }

  @Test
  void resendQueuesAcknowledgedVisitsAgainButNotRefusedOnes() {
    try (Ledger ledger = Ledger.open(dir.resolve("l.db"), Ledger.Mode.CREATE)) {
      List<Visit> sent = record(ledger, 5);
      List<UUID> ids = ids(sent);
      LedgerVisitQueue queue = new LedgerVisitQueue(ledger, clock);
      queue.acknowledged(List.of(sent.get(0), sent.get(1), sent.get(3)));
      queue.refused(sent.get(2), "bad");
      assertEquals(List.of(ids.get(4)), queue.pending(10).stream().map(Visit::id).toList());

      assertEquals(2, queue.resend(2, 4));

      assertEquals(List.of(ids.get(1), ids.get(3), ids.get(4)), queue.pending(10).stream().map(Visit::id).toList());
      assertEquals(1, queue.refusedCount());
    }
  }

  @Test
  void refusalsAndAcknowledgementsSurviveReopening() {
    Path file = dir.resolve("l.db");
    List<UUID> ids;
    try (Ledger ledger = Ledger.open(file, Ledger.Mode.CREATE)) {
      List<Visit> sent = record(ledger, 3);
      ids = ids(sent);
      LedgerVisitQueue queue = new LedgerVisitQueue(ledger, clock);
      queue.acknowledged(List.of(sent.get(0)));
      queue.refused(sent.get(1), "bad");
    }
    try (Ledger ledger = Ledger.open(file, Ledger.Mode.EXISTING)) {
      LedgerVisitQueue queue = new LedgerVisitQueue(ledger, clock);
      assertEquals(List.of(ids.get(2)), queue.pending(10).stream().map(Visit::id).toList());
      assertEquals(Optional.of("bad"), queue.refusal(ids.get(1)));
    }
  }

  @Test
  void statusIsKeptInTheLedgerForTerminalStatus() {
    try (Ledger ledger = Ledger.open(dir.resolve("l.db"), Ledger.Mode.CREATE)) {
      record(ledger, 2);
      LedgerStatusStore store = new LedgerStatusStore(ledger);
      SyncStatus s = new SyncStatus(0, 0, T0, T0.minusSeconds(60), T0, -1500L, false, "no answer in time");
      store.save(s);

      SyncStatus shown = store.current(new LedgerVisitQueue(ledger, clock));

      assertEquals(2, shown.visitsWaiting());
      assertEquals(T0, shown.lastUpload());
      assertEquals(-1500L, shown.clockOffsetMillis());
      String text = String.join("\n", shown.describe(T0.plusSeconds(30), Duration.ofMinutes(5)));
      assertTrue(text.contains("server:          offline\n"), text);
      assertTrue(text.contains("no answer in time"), text);
    }
  }

  /** An agent that stopped trying leaves its last state behind; status says how old it is. */
  @Test
  void statusSaysWhenTheLastAttemptIsFarOlderThanTheAgentTriesAndNotJustOnline() {
    SyncStatus s = new SyncStatus(0, 0, T0, T0, T0, 0L, true, null);
    Duration every = SyncConfig.defaults("test").attemptsEvery();
    assertEquals(Duration.ofMinutes(5).plusSeconds(10), every, "back-off 5 min beats pull 3 min, plus the deadline");

    assertEquals("server:          online", s.describe(T0.plus(every), every).getFirst());
    String stale = s.describe(T0.plus(Duration.ofMinutes(125)), every).getFirst();
    assertEquals("server:          online at the last attempt, 2 h 5 min ago; the agent tries every 5 min at the latest:"
        + " is it running? (systemctl status klipp-terminal)", stale);
  }

  @Test
  void forgettingOldVisitsAlsoDeletesOldArchivesOfTheLedger() throws Exception {
    Path path = dir.resolve("l.db");
    try (Ledger old = Ledger.open(path, Ledger.Mode.CREATE)) {
      new Outbox(old).markAcknowledged(record(old, 1));
    }
    Path archive = no.klipp.terminal.ledger.LedgerArchive.archive(path, new no.klipp.terminal.ledger.Owner("t-0", "v-1"),
        T0.minus(java.time.Duration.ofDays(40)));
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.CREATE)) {
      new LedgerVisitQueue(ledger, clock).forgetOld(T0);
    }
    assertTrue(!java.nio.file.Files.exists(archive), "an archive of 40 days with nothing unsent is gone");
  }
}
