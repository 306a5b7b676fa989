package no.klipp.terminal.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful answer of the server: its body, the server's clock as it sent the answer (from
 * the server-time header; null when missing or unreadable), and when the call was sent and
 * answered by the terminal's clock.
 */
public record Reply<T>(T body, Instant serverTime, Instant sent, Instant received) {

  public Reply {
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(sent, "sent == null");
    Objects.requireNonNull(received, "received == null");
  }

  /**
   * The server's clock minus the terminal's (positive: the terminal is behind), estimated with
   * the answer leaving the server halfway through the round trip.
   */
  public Optional<Duration> clockOffset() {
    if (serverTime == null) {
      return Optional.empty();
    }
    Instant midpoint = sent.plus(Duration.between(sent, received).dividedBy(2));
    return Optional.of(Duration.between(midpoint, serverTime));
  }

  /** The server's estimated time when the answer arrived, if it sent its time. */
  public Optional<Instant> serverNow() {
    return clockOffset().map(received::plus);
  }
}
