package no.klipp.terminal.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * After {@code grace} without a successful sync the terminal no longer knows what other terminals
 * admitted, so each card may use an offer at most {@code maxAdmissions} times until it syncs again.
 */
public record OfflinePolicy(boolean enabled, Duration grace, int maxAdmissions) {

  public OfflinePolicy {
    Objects.requireNonNull(grace, "grace == null");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace < 0: " + grace);
    }
    if (maxAdmissions < 0) {
      throw new IllegalArgumentException("maxAdmissions < 0: " + maxAdmissions);
    }
  }

  /** A policy that never limits. */
  public static OfflinePolicy off() {
    return new OfflinePolicy(false, Duration.ZERO, 0);
  }

  /**
   * When the terminal is offline beyond the grace time at {@code now}: the instant the limit began
   * (last sync + grace; the beginning of time when it never synced), from which its offline
   * admissions count. Empty when not limited. {@code lastSync} is asked only when the policy is
   * on: it reads the ledger, on every scan.
   */
  public Optional<Instant> limitedSince(Instant now, Supplier<Optional<Instant>> lastSync) {
    if (!enabled) {
      return Optional.empty();
    }
    Instant since = lastSync.get().map(s -> s.plus(grace)).orElse(Instant.EPOCH);
    return now.isAfter(since) ? Optional.of(since) : Optional.empty();
  }
}
