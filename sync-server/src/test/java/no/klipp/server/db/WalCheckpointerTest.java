package no.klipp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import no.klipp.server.support.TestDb;
import org.junit.jupiter.api.Test;

/** SQLite's write-ahead log reaches the database file in the background, not in the writers' commits. */
class WalCheckpointerTest {

  @Test
  void writersLeaveCheckpointsToTheBackgroundThread() throws Exception {
    try (TestDb t = TestDb.fresh(Dialect.SQLITE)) {
      Database db = t.db;
      assertEquals(WalCheckpointer.FOREGROUND_PAGES, (int) db.read(sql -> sql.one("PRAGMA wal_autocheckpoint",
          r -> r.intValue("wal_autocheckpoint"))).orElseThrow(), "a commit checkpoints only as a safety net");
      Path file = t.dir.resolve("klipp.db");
      long before = Files.size(file);
      db.transaction(sql -> {
        sql.update("CREATE TABLE filler (x TEXT NOT NULL)");
        for (int i = 0; i < 4000; i++) {
          sql.update("INSERT INTO filler (x) VALUES (?)", "x".repeat(1000) + i);
        }
        return null;
      });
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (Files.size(file) < before + 3_000_000 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(Files.size(file) >= before + 3_000_000, "the 4 MB written reached the database file: "
          + before + " -> " + Files.size(file));
      assertEquals(4000L, (long) db.read(sql -> sql.one("SELECT COUNT(*) AS n FROM filler", r -> r.longValue("n")))
          .orElseThrow());
    }
  }
}
