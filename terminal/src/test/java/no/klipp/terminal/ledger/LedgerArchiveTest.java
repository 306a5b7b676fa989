package no.klipp.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerArchiveTest {

  static final Instant NOW = Instant.parse("2026-03-11T11:00:00Z");

  @TempDir Path dir;

  @Test
  void theLedgerIsRenamedBesideItselfWithItsOwnerAndTheTimeAndKeepsItsVisits() {
    Path path = dir.resolve("ledger.db");
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.CREATE)) {
      OwnershipTest.append(ledger, "trm/A 1");
    }

    Path archive = LedgerArchive.archive(path, new Owner("trm/A 1", "v-1"), NOW);

    assertEquals(dir.resolve("ledger.trm_A_1.v-1.20260311T110000Z.db"), archive);
    assertFalse(Files.exists(path));
    assertFalse(Files.exists(dir.resolve("ledger.db-wal")), "no log left behind for a new ledger to pick up");
    try (Ledger ledger = Ledger.open(archive, Ledger.Mode.EXISTING)) {
      assertEquals(1, new Outbox(ledger).pendingCount());
    }
  }

  @Test
  void aLedgerOpenElsewhereIsNotMoved() {
    Path path = dir.resolve("ledger.db");
    try (Ledger agent = Ledger.open(path, Ledger.Mode.CREATE)) {
      OwnershipTest.append(agent, "trm-A");

      LedgerException e = assertThrows(LedgerException.class,
          () -> LedgerArchive.archive(path, new Owner("trm-A", "v-1"), NOW));

      assertTrue(e.getMessage().contains("open in another program"), e.getMessage());
      assertTrue(Files.exists(path));
      assertEquals(1, new Outbox(agent).pendingCount(), "the agent goes on with its ledger");
    }
    try (var files = java.util.stream.Stream.of(dir.toFile().list())) {
      assertEquals(0, files.filter(n -> n.startsWith("ledger.trm-A")).count());
    }
  }

  @Test
  void anArchiveIsNeverOverwritten() throws Exception {
    Path path = dir.resolve("ledger.db");
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.CREATE)) {
      OwnershipTest.append(ledger, "trm-A");
    }
    Path earlier = Files.writeString(dir.resolve("ledger.trm-A.v-1.20260311T110000Z.db"), "earlier");

    assertThrows(LedgerException.class, () -> LedgerArchive.archive(path, new Owner("trm-A", "v-1"), NOW));

    assertEquals("earlier", Files.readString(earlier));
    assertTrue(Files.exists(path));
  }

  @Test
  void anArchiveWithNothingUnsentIsDeletedAMonthAfterItWasMade() throws Exception {
    Path path = dir.resolve("ledger.db");
    Path sent = archiveOf(path, "trm-A", NOW, false);
    Files.writeString(sent.resolveSibling(sent.getFileName() + "-wal"), "log");
    Path recent = archiveOf(path, "trm-B", NOW.plus(java.time.Duration.ofDays(20)), false);
    Path unsent = archiveOf(path, "trm-C", NOW, true);
    Path other = Files.writeString(dir.resolve("other.trm-A.v-1.20250101T000000Z.db"), "not this ledger's");
    Path odd = Files.writeString(dir.resolve("ledger.trm-A.v-1.20251399T000000Z.db"), "no such time");
    Files.writeString(path, "the ledger itself");

    java.util.List<Path> deleted = LedgerArchive.prune(path, NOW.plus(java.time.Duration.ofDays(31)));

    assertEquals(java.util.List.of(sent), deleted);
    assertFalse(Files.exists(sent));
    assertFalse(Files.exists(sent.resolveSibling(sent.getFileName() + "-wal")), "its log goes with it");
    assertTrue(Files.exists(recent), "archived 11 days before: kept");
    assertTrue(Files.exists(unsent), "visits never sent are kept");
    assertTrue(Files.exists(other) && Files.exists(odd) && Files.exists(path), "files that are no archive of it stay");
    try (Ledger ledger = Ledger.open(unsent, Ledger.Mode.EXISTING)) {
      assertEquals(1, new Outbox(ledger).pendingCount());
    }
  }

  @Test
  void archivesAreFoundOldestFirst() throws Exception {
    Path path = dir.resolve("ledger.db");
    Path later = archiveOf(path, "trm-A", NOW.plusSeconds(60), false);
    Path earlier = archiveOf(path, "trm-B", NOW, false);

    assertEquals(java.util.List.of(new LedgerArchive.Archived(earlier, NOW),
        new LedgerArchive.Archived(later, NOW.plusSeconds(60))), LedgerArchive.archives(path));
  }

  /** The ledger at {@code path} with one visit of {@code terminalId}, sent or not, archived at {@code at}. */
  private static Path archiveOf(Path path, String terminalId, Instant at, boolean unsent) {
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.CREATE)) {
      OwnershipTest.append(ledger, terminalId);
      Outbox outbox = new Outbox(ledger);
      if (!unsent) {
        outbox.markAcknowledged(outbox.pending(10));
      }
    }
    return LedgerArchive.archive(path, new Owner(terminalId, "v-1"), at);
  }
}
