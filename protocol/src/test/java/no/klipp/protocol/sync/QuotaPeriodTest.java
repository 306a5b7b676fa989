package no.klipp.protocol.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class QuotaPeriodTest {

  @Test
  void aCardYearFromTheLeapDayHasOneKeyFromStartToEnd() {
    LocalDate from = LocalDate.parse("2024-02-29");
    // The first card year runs to the next anniversary (28 February 2025 in a common year).
    for (LocalDate d = from; d.isBefore(LocalDate.parse("2025-02-28")); d = d.plusDays(1)) {
      assertEquals("C2024-02-29", QuotaPeriod.CARD_YEAR.key(d, from), d.toString());
    }
    assertEquals("C2025-02-28", QuotaPeriod.CARD_YEAR.key(LocalDate.parse("2025-02-28"), from));
    // A card year that starts on the leap day again (2028) keeps its key into the new calendar year.
    assertEquals("C2028-02-29", QuotaPeriod.CARD_YEAR.key(LocalDate.parse("2028-12-31"), from));
    assertEquals("C2028-02-29", QuotaPeriod.CARD_YEAR.key(LocalDate.parse("2029-01-10"), from));
    assertEquals("C2029-02-28", QuotaPeriod.CARD_YEAR.key(LocalDate.parse("2029-02-28"), from));
  }

  @Test
  void aCardYearStartsOnTheAnniversary() {
    LocalDate from = LocalDate.parse("2025-06-15");
    assertEquals("C2025-06-15", QuotaPeriod.CARD_YEAR.key(LocalDate.parse("2026-06-14"), from));
    assertEquals("C2026-06-15", QuotaPeriod.CARD_YEAR.key(LocalDate.parse("2026-06-15"), from));
    assertEquals("C2025-06-15", QuotaPeriod.CARD_YEAR.key(LocalDate.parse("2025-01-01"), from), "before valid-from");
  }
}
