package no.klipp.protocol.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VisitIdsTest {

  static final Instant AT = Instant.parse("2026-03-02T10:15:30.123Z");

  @Test
  void anIdIsAVersion7UuidCarryingTheVisitsMillisecond() {
    UUID id = VisitIds.next(AT, new SplittableRandom(1));
    assertEquals(7, id.version());
    assertEquals(2, id.variant(), "RFC 9562 variant");
    assertEquals(AT, VisitIds.time(id));
    // The text form starts with the time too: 48 bits of milliseconds, then the version digit.
    assertEquals(String.format("%012x", AT.toEpochMilli()), id.toString().replace("-", "").substring(0, 12));
    assertEquals('7', id.toString().charAt(14));
  }

  @Test
  void idsMadeLaterSortLaterAsUuidsAndAsText() {
    SplittableRandom random = new SplittableRandom(2);
    UUID earlier = VisitIds.next(AT, random);
    UUID later = VisitIds.next(AT.plusMillis(1), random);
    UUID muchLater = VisitIds.next(Instant.parse("2099-12-31T23:59:59.999Z"), random);
    assertTrue(earlier.compareTo(later) < 0);
    assertTrue(later.compareTo(muchLater) < 0);
    assertTrue(earlier.toString().compareTo(later.toString()) < 0);
    assertTrue(later.toString().compareTo(muchLater.toString()) < 0);
  }

  @Test
  void idsInTheSameMillisecondDifferByTheirRandomBits() {
    SplittableRandom random = new SplittableRandom(3);
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(VisitIds.next(AT, random));
    }
    assertEquals(100_000, ids.size());
    assertNotEquals(VisitIds.next(AT, new SplittableRandom(4)), VisitIds.next(AT, new SplittableRandom(5)));
  }

  @Test
  void aVersion4IdCarriesNoTime() {
    assertThrows(IllegalArgumentException.class, () -> VisitIds.time(UUID.randomUUID()));
  }
}
