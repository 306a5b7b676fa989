package no.klipp.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.terminal.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnershipTest {

  @TempDir Path dir;

  static void append(Ledger ledger, String terminalId) {
    Visit v = new Visit(UUID.randomUUID(), 0, VisitKind.ADMISSION, null, Fixtures.number(1), 0, "cinema",
        Fixtures.VENUE, terminalId, Instant.parse("2026-03-11T11:00:00Z"), 0, Set.of());
    ledger.write("append", c -> new VisitLog(ledger).append(v, "2026"));
  }

  @Test
  void aLedgerWithoutVisitsOrARecordedOwnerBelongsToNoOne() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      assertEquals(Optional.empty(), new Ownership(ledger).owner());
    }
  }

  @Test
  void withoutARecordedOwnerTheLatestVisitSaysWhoseItIs() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      append(ledger, "local");
      append(ledger, "trm-A");
      assertEquals(Optional.of(new Owner("trm-A", Fixtures.VENUE)), new Ownership(ledger).owner());
    }
  }

  @Test
  void theOwnerRecordedAtEnrollmentIsKeptAcrossOpenings() {
    Path path = dir.resolve("ledger.db");
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.CREATE)) {
      append(ledger, "local");
      new Ownership(ledger).claim(new Owner("trm-B", "v-2"));
    }
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.EXISTING)) {
      assertEquals(Optional.of(new Owner("trm-B", "v-2")), new Ownership(ledger).owner());
    }
  }

  /** A terminal enrolled again on a fresh ledger numbers above what the server already holds from it. */
  @Test
  void visitsAreNumberedAboveTheServersLastNumberAndALowerOneLaterChangesNothing() {
    Path path = dir.resolve("ledger.db");
    Owner owner = new Owner("trm-A", Fixtures.VENUE);
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.CREATE)) {
      new Ownership(ledger).claim(owner, 41);
      append(ledger, "trm-A");
      assertEquals(42, new Outbox(ledger).lastSequence());
      new Ownership(ledger).claim(owner, 7);
      append(ledger, "trm-A");
      assertEquals(43, new Outbox(ledger).lastSequence());
    }
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.EXISTING)) {
      new Ownership(ledger).claim(owner, 50);
      append(ledger, "trm-A");
      assertEquals(51, new Outbox(ledger).lastSequence(), "a higher one after visits: above it too");
      assertEquals(List.of(42L, 43L, 51L), new Outbox(ledger).pending(10).stream().map(Visit::sequence).toList());
    }
  }
}
