package no.klipp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import no.klipp.server.support.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rows made by {@link CopyText} reach PostgreSQL exactly as they were, whatever characters they hold. */
class CopyTextTest {

  final TestDb t = TestDb.fresh(Dialect.POSTGRESQL);

  @AfterEach
  void tearDown() {
    t.close();
  }

  @Test
  void everyCharacterArrivesAsItWas() {
    List<String[]> rows = List.of(
        new String[] {"1", "plain", "Kárášjoga gielda"},
        new String[] {"2", "tab\there", "new\nline and\r\nwindows"},
        new String[] {"3", "back\\slash \\N not null", null},
        new String[] {"4", "", "\\."});
    List<String[]> back = t.db.transaction(sql -> {
      sql.update("CREATE TEMP TABLE copied (n INTEGER, a TEXT, b TEXT) ON COMMIT DROP");
      CopyText text = new CopyText(rows.size());
      for (String[] r : rows) {
        text.field(Integer.parseInt(r[0])).field(r[1]).field(r[2]).endRow();
      }
      assertEquals(rows.size(), sql.copyIn("copied", "n, a, b", text.bytes()));
      return sql.list("SELECT n, a, b FROM copied ORDER BY n",
          r -> new String[] {String.valueOf(r.intValue("n")), r.string("a"), r.string("b")});
    });
    assertEquals(rows.size(), back.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(Arrays.asList(rows.get(i)), Arrays.asList(back.get(i)), "row " + i);
    }
  }

  @Test
  void aKeyStoredBeforeUndoesTheWholeCopyAndTheTransactionGoesOn() {
    List<Integer> kept = t.db.transaction(sql -> {
      sql.update("CREATE TEMP TABLE keyed (n INTEGER PRIMARY KEY) ON COMMIT DROP");
      sql.update("INSERT INTO keyed VALUES (3)");
      CopyText text = new CopyText(5);
      for (int n = 1; n <= 5; n++) {
        text.field(n).endRow();
      }
      assertTrue(sql.undoneOn("23505", s -> s.copyIn("keyed", "n", text.bytes())).isEmpty());
      sql.update("INSERT INTO keyed VALUES (9)");
      return sql.list("SELECT n FROM keyed ORDER BY n", r -> r.intValue("n"));
    });
    assertEquals(List.of(3, 9), kept);
  }

  @Test
  void anotherFailureStillFailsTheTransaction() {
    assertThrows(RuntimeException.class, () -> t.db.transaction(sql -> {
      sql.update("CREATE TEMP TABLE typed (n INTEGER) ON COMMIT DROP");
      byte[] notANumber = new CopyText(1).field("x").endRow().bytes();
      return sql.undoneOn("23505", s -> s.copyIn("typed", "n", notANumber));
    }));
  }

  @Test
  void sqliteHasNoCopy() {
    try (TestDb lite = TestDb.fresh(Dialect.SQLITE)) {
      assertThrows(IllegalStateException.class,
          () -> lite.db.transaction(sql -> sql.copyIn("visit", "id", new byte[0])));
    }
  }
}
