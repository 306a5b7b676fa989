package no.klipp.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.terminal.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {

  @TempDir Path dir;

  @Test
  void theLogIsCopiedBackOffTheWritersPath() throws Exception {
    Path file = dir.resolve("ledger.db");
    try (Ledger ledger = Ledger.open(file, Ledger.Mode.CREATE)) {
      ledger.checkpointInBackground(Duration.ofMillis(20));
      VisitLog log = new VisitLog(ledger);
      for (int i = 0; i < 1_500; i++) {
        Visit v = new Visit(UUID.randomUUID(), 0, VisitKind.ADMISSION, null, Fixtures.number(1 + i % 300), 0, "cinema",
            Fixtures.VENUE, "t-1", Instant.parse("2026-03-11T11:00:00Z").plusSeconds(i), 0, Set.of());
        ledger.write("append", c -> log.append(v, "2026"));
      }
      // Once the writes stop, the next background checkpoint puts every visit in the database file
      // itself: a copy of that file alone, without its log, holds them all. SQLite's own checkpoint
      // (in the commit that passes 1,000 pages) would have left out the commits since its last one.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      long inFile;
      do {
        Thread.sleep(50);
        inFile = visitsInFileAlone(file);
      } while (inFile < 1_500 && System.nanoTime() < deadline);
      assertEquals(1_500, inFile);
    }
    try (Ledger reopened = Ledger.open(file, Ledger.Mode.EXISTING)) {
      assertEquals(1_500, new Outbox(reopened).totalCount());
    }
  }

  @Test
  void aNonPositiveIntervalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Checkpointer.start(dir.resolve("x.db"), Duration.ZERO));
  }

  /** Visits in a copy of the database file without its write-ahead log. */
  private long visitsInFileAlone(Path file) throws Exception {
    Path copy = dir.resolve("copy-" + UUID.randomUUID() + ".db");
    java.nio.file.Files.copy(file, copy);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM visit")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
