package no.klipp.server.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void roundTrips() {
    Cursor c = new Cursor(42, Instant.parse("2026-03-02T10:00:00.123Z"));
    assertEquals(Optional.of(c), Cursor.parse(c.text()));
  }

  @Test
  void theLastMillisecondOfYear9999IsACursorsTime() {
    Cursor c = new Cursor(1, Instant.parse("9999-12-31T23:59:59.999Z"));
    assertEquals(Optional.of(c), Cursor.parse(c.text()));
  }

  @Test
  void anythingElseIsNotACursor() {
    for (String bad : new String[] {null, "", "c", "c1", "c1.t", "x1.t2", "c-1.t5", "c1.t-5", "c1.tx",
        "c99999999999999999999.t1", "c1.t1".repeat(20), "c1.t" + Long.MAX_VALUE, "c1.t253402300800000"}) {
      assertTrue(Cursor.parse(bad).isEmpty(), bad);
    }
  }
}
