package no.klipp.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RowsTest {

  @Test
  void isoDatesReadAsLocalDateParseReadsThem() {
    for (LocalDate d = LocalDate.of(1999, 12, 25); d.isBefore(LocalDate.of(2029, 1, 10)); d = d.plusDays(3)) {
      assertEquals(d, Rows.isoDate(d.toString()));
    }
  }

  @Test
  void anythingElseFailsAsLocalDateParseFails() {
    for (String bad : new String[] {"2026-02-30", "2026-13-01", "2026-1-01", "2026/01/01", "20260101xx", "", "x"}) {
      assertThrows(DateTimeException.class, () -> Rows.isoDate(bad), bad);
    }
    assertThrows(NullPointerException.class, () -> Rows.isoDate(null));
  }
}
