package no.klipp.terminal.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * The sync loop's settings.
 *
 * @param batchSize visits per upload
 * @param pullInterval how often to ask for ledger changes while online
 * @param timeout the deadline of every call, connection to last byte
 * @param backoffBase the first wait after a failure
 * @param backoffMax the longest wait between attempts
 * @param uploadDelay how long after a visit the upload starts (visits made together go together)
 * @param softwareVersion reported to the server with each upload
 */
public record SyncConfig(
    int batchSize,
    Duration pullInterval,
    Duration timeout,
    Duration backoffBase,
    Duration backoffMax,
    Duration uploadDelay,
    String softwareVersion) {

  /** The longest call deadline the HTTP client takes: whole milliseconds that fit an int (about 24 days). */
  public static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  public SyncConfig {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize < 1: " + batchSize);
    }
    positive(pullInterval, "pullInterval");
    positive(timeout, "timeout");
    // The HTTP client counts whole milliseconds in an int; under 1 ms it would count 0, no deadline at all.
    if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout not from 1 ms to " + MAX_TIMEOUT + ": " + timeout);
    }
    positive(backoffBase, "backoffBase");
    positive(backoffMax, "backoffMax");
    Objects.requireNonNull(uploadDelay, "uploadDelay == null");
    if (uploadDelay.isNegative()) {
      throw new IllegalArgumentException("uploadDelay < 0: " + uploadDelay);
    }
    Objects.requireNonNull(softwareVersion, "softwareVersion == null");
  }

  /**
   * The longest a running agent goes between two attempts to reach the server: the pull interval
   * while online, the longest back-off while not, and the call's own deadline.
   */
  public Duration attemptsEvery() {
    return (pullInterval.compareTo(backoffMax) > 0 ? pullInterval : backoffMax).plus(timeout);
  }

  /** The defaults for a venue: 200 visits a batch, changes every 3 minutes, 10 s per call, waits from 1 s to 5 min. */
  public static SyncConfig defaults(String softwareVersion) {
    return new SyncConfig(200, Duration.ofMinutes(3), Duration.ofSeconds(10), Duration.ofSeconds(1),
        Duration.ofMinutes(5), Duration.ofMillis(200), softwareVersion);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name + " == null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " <= 0: " + d);
    }
  }
}
