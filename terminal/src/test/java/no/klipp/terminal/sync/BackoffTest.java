package no.klipp.terminal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(42));

  @Test
  void waitsDoubleWithinTheUpperHalfUpToTheMax() {
    for (int failures = 1; failures <= 40; failures++) {
      long cap = Math.min(300_000, 1000L << Math.min(failures - 1, 20));
      for (int i = 0; i < 50; i++) {
        long ms = backoff.delay(failures).toMillis();
        assertTrue(ms >= cap / 2 && ms <= cap, failures + " failures: " + ms + " ms outside [" + cap / 2 + ", " + cap + "]");
      }
    }
  }

  @Test
  void jitterSpreadsTerminalsApart() {
    Set<Duration> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      seen.add(backoff.delay(10));
    }
    assertTrue(seen.size() > 10, "20 terminals got " + seen.size() + " distinct waits");
  }

  @Test
  void sameSeedSameWaits() {
    Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(1));
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new Random(1));
    assertEquals(a.delay(5), b.delay(5));
    assertNotEquals(Duration.ZERO, a.delay(1));
  }

  @Test
  void aBaseUnderAMillisecondStillDoubles() {
    // sync.backoffBase=PT0.0005S is a positive duration the configuration takes.
    Backoff fine = new Backoff(Duration.ofNanos(500_000), Duration.ofSeconds(1), new Random(3));
    for (int i = 0; i < 50; i++) {
      long ms = fine.delay(20).toMillis();
      assertTrue(ms >= 500 && ms <= 1000, "20 failures: " + ms + " ms, not up to the max");
    }
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> backoff.delay(0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()));
    assertThrows(IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()));
  }
}
