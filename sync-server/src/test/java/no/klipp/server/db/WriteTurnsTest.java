package no.klipp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import no.klipp.server.support.TestDb;
import org.junit.jupiter.api.Test;

/**
 * SQLite has one writer at a time: a transaction that asks for the write lock while another
 * process-local writer holds it gets it when that one commits, even if the holder begins again at
 * once (the statistics folder folds chunk after chunk), instead of sleeping in SQLite's busy handler
 * and losing the race again and again.
 */
class WriteTurnsTest {

  @Test
  void aWaitingWriterGetsTheNextTurnFromAWriterThatBeginsAgainAtOnce() throws Exception {
    try (TestDb t = TestDb.fresh(Dialect.SQLITE)) {
      Database db = t.db;
      db.transaction(sql -> sql.update("CREATE TABLE turn (who TEXT NOT NULL)"));
      AtomicInteger busyCommits = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      Thread busy = Thread.ofPlatform().start(() -> {
        while (!stop.get()) {
          db.transaction(sql -> {
            sql.update("INSERT INTO turn (who) VALUES ('busy')");
            sleep(15); // a chunk's work, with the write lock held
            return null;
          });
          busyCommits.incrementAndGet();
        }
      });
      try {
        List<Integer> waitedFor = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          int before = busyCommits.get();
          while (busyCommits.get() == before) {
            Thread.onSpinWait(); // ask while the busy writer holds the lock
          }
          int asked = busyCommits.get();
          waitedFor.add(db.transaction(sql -> {
            sql.update("INSERT INTO turn (who) VALUES ('waiting')");
            return busyCommits.get() - asked;
          }));
        }
        // The one running when it asked, and perhaps the next if the two asked at the same moment.
        assertTrue(waitedFor.stream().allMatch(n -> n <= 2),
            "busy transactions committed while a writer waited: " + waitedFor);
        assertEquals(5L, (long) db.read(sql -> sql.one("SELECT COUNT(*) AS n FROM turn WHERE who = 'waiting'",
            r -> r.longValue("n"))).orElseThrow());
      } finally {
        stop.set(true);
        busy.join();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
