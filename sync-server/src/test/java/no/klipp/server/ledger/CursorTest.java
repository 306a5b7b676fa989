package no.klipp.server.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void roundTrips() {
    Cursor c = new Cursor(42, Instant.parse("2026-03-02T10:00:00.123Z"), 0);
    assertEquals(Optional.of(c), Cursor.parse(c.text()));
  }

  @Test
  void theFirstGenerationWritesTheCursorTerminalsAlreadyHold() {
    Cursor c = new Cursor(42, Instant.ofEpochMilli(1_772_445_600_123L), 0);
    assertEquals("c42.t1772445600123", c.text());
    assertEquals(Optional.of(c), Cursor.parse("c42.t1772445600123"));
  }

  @Test
  void aLaterGenerationRoundTrips() {
    Cursor c = new Cursor(42, Instant.parse("2026-03-02T10:00:00.123Z"), Long.MAX_VALUE);
    assertEquals("c42.t1772445600123.g" + Long.MAX_VALUE, c.text());
    assertEquals(Optional.of(c), Cursor.parse(c.text()));
  }

  @Test
  void theLastMillisecondOfYear9999IsACursorsTime() {
    Cursor c = new Cursor(1, Instant.parse("9999-12-31T23:59:59.999Z"), 7);
    assertEquals(Optional.of(c), Cursor.parse(c.text()));
  }

  @Test
  void anythingElseIsNotACursor() {
    for (String bad : new String[] {null, "", "c", "c1", "c1.t", "x1.t2", "c-1.t5", "c1.t-5", "c1.tx",
        "c99999999999999999999.t1", "c1.t1".repeat(20), "c1.t" + Long.MAX_VALUE, "c1.t253402300800000",
        "c1.t5.g", "c1.t5.g0", "c1.t5.g-3", "c1.t5.gx", "c1.t5.g99999999999999999999", "c1.t5.g3.g4", "c1.g3.t5"}) {
      assertTrue(Cursor.parse(bad).isEmpty(), bad);
    }
  }
}
