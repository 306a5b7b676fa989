package no.klipp.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.terminal.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

  @TempDir Path dir;

  @Test
  void visitsQueuedAgainArePendingForEveryOutboxOfTheLedger() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      VisitLog log = new VisitLog(ledger);
      for (int i = 0; i < 6; i++) {
        Visit v = new Visit(UUID.randomUUID(), 0, VisitKind.ADMISSION, null, Fixtures.number(i + 1), 0, "cinema",
            Fixtures.VENUE, "t-1", Instant.parse("2026-03-11T11:00:00Z").plusSeconds(i), 0, Set.of());
        ledger.write("append", c -> log.append(v, "2026"));
      }
      Outbox sync = new Outbox(ledger);
      Outbox screen = new Outbox(ledger);
      List<Visit> all = sync.pending(10);
      assertEquals(6, all.size());
      assertEquals(6, sync.markAcknowledged(all));
      assertEquals(0, screen.pendingCount(), "the other outbox reads its floor after the acknowledgements");
      assertEquals(0, sync.pending(10).size());

      // The server lost sequences 2..4 (restored from a backup): they are queued again, for both.
      assertEquals(3, sync.requeue(2, 4));
      assertEquals(3, screen.pendingCount());
      assertEquals(List.of(2L, 3L, 4L), screen.pending(10).stream().map(Visit::sequence).toList());
      assertEquals(0, sync.requeue(2, 4), "already pending: nothing more to queue");
    }
  }
}
