package no.klipp.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Slows password guessing against one user name: after {@link #FREE_FAILURES} failures in a row,
 * each further attempt must wait, 30 s doubling up to 15 min, and is refused unchecked until then
 * (which also spares the Argon2 work). Kept per user name whether or not it exists, so refusals tell
 * nothing about which names do; a success clears it. In memory, per server instance, bounded.
 */
final class SignInThrottle {

  static final int FREE_FAILURES = 5;
  static final Duration FIRST_WAIT = Duration.ofSeconds(30);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
  // Enough for every real user many times over; a flood of invented names pushes out the oldest.
  static final int TRACKED_NAMES = 10_000;

  private record Failures(int count, Instant waitUntil) {}

  private final Clock clock;
  private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
      return size() > TRACKED_NAMES;
    }
  };

  SignInThrottle(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** How long the name must still wait before its next attempt is checked; empty when it may try now. */
  synchronized Optional<Duration> wait(String username) {
    Failures f = failures.get(key(username));
    if (f == null || f.waitUntil() == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), f.waitUntil());
    return left.isPositive() ? Optional.of(left) : Optional.empty();
  }

  /** Records a failed attempt. */
  synchronized void failed(String username) {
    String key = key(username);
    Failures f = failures.getOrDefault(key, new Failures(0, null));
    int count = f.count() + 1;
    Instant until = null;
    if (count >= FREE_FAILURES) {
      long doublings = Math.min(count - FREE_FAILURES, 10);
      Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
      until = clock.instant().plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    }
    failures.put(key, new Failures(count, until));
  }

  /** Records a success: the name starts afresh. */
  synchronized void succeeded(String username) {
    failures.remove(key(username));
  }

  private static String key(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }
}
