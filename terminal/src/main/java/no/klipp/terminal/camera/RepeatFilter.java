package no.klipp.terminal.camera;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Counts a code held in front of the camera once: the same text seen again counts only after it
 * was out of sight for {@code holdoff}. A frame in between where it did not decode (motion blur, a
 * finger) does not make it count twice.
 */
final class RepeatFilter {

  private final Clock clock;
  private final Duration holdoff;
  private String last;
  private Instant lastSeen = Instant.MIN;

  RepeatFilter(Clock clock, Duration holdoff) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.holdoff = Objects.requireNonNull(holdoff, "holdoff == null");
  }

  /** Whether {@code text}, just decoded, is a new scan. */
  boolean fresh(String text) {
    Instant now = clock.instant();
    boolean repeat = text.equals(last) && !now.isAfter(lastSeen.plus(holdoff));
    last = text;
    lastSeen = now;
    return !repeat;
  }
}
