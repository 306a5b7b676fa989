package no.klipp.terminal.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Waits between failed attempts: doubling from {@code base} up to {@code max}, each wait drawn at
 * random from its upper half, so a fleet of terminals coming back together does not stampede.
 */
public final class Backoff {

  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration max, RandomGenerator random) {
    this.base = Objects.requireNonNull(base, "base == null");
    this.max = Objects.requireNonNull(max, "max == null");
    this.random = Objects.requireNonNull(random, "random == null");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("base <= 0: " + base);
    }
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException("max < base: " + max + " < " + base);
    }
  }

  /** How long to wait after {@code failures} failures in a row (1 or more). */
  public Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures < 1: " + failures);
    }
    // Whole milliseconds, at least one: a base under a millisecond would count 0, and 0 never doubles.
    long maxMillis = Math.max(1, max.toMillis());
    long cap = Math.max(1, base.toMillis());
    for (int i = 1; i < failures && cap < maxMillis; i++) {
      cap *= 2;
    }
    cap = Math.min(cap, maxMillis);
    long half = cap / 2;
    return Duration.ofMillis(half + random.nextLong(cap - half + 1));
  }
}
