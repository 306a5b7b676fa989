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
}
