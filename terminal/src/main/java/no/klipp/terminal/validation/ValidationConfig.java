package no.klipp.terminal.validation;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Validation's slice of the terminal configuration.
 *
 * @param terminalId this terminal's id, written on every visit
 * @param zone the venue's time zone, for dates, quota periods and opening hours, unless the ledger's
 *     scheme names its own
 * @param repeatWindow a second scan of a card within this time repeats the first verdict
 * @param passbackWindow after the repeat window and within this time, the same card under the
 *     same offer is refused as already scanned (zero: off)
 * @param undoWindow staff may void an admission or add companions within this time
 * @param defaultOffer the offer an unattended terminal admits under; empty: the first that applies
 * @param admitUnknownCards admit a verified card the ledger does not know yet (if the scheme allows)
 * @param offline the offline policy
 */
public record ValidationConfig(
    String terminalId,
    ZoneId zone,
    Duration repeatWindow,
    Duration passbackWindow,
    Duration undoWindow,
    Optional<String> defaultOffer,
    boolean admitUnknownCards,
    OfflinePolicy offline) {

  public ValidationConfig {
    Objects.requireNonNull(terminalId, "terminalId == null");
    Objects.requireNonNull(zone, "zone == null");
    Objects.requireNonNull(defaultOffer, "defaultOffer == null");
    Objects.requireNonNull(offline, "offline == null");
    for (Duration d : new Duration[] {repeatWindow, passbackWindow, undoWindow}) {
      if (Objects.requireNonNull(d, "window == null").isNegative()) {
        throw new IllegalArgumentException("window < 0: " + d);
      }
    }
  }

  /** The defaults documented in terminal.properties, for terminal {@code terminalId}. */
  public static ValidationConfig defaults(String terminalId) {
    return new ValidationConfig(terminalId, ZoneId.of("Europe/Oslo"), Duration.ofSeconds(10),
        Duration.ofMinutes(10), Duration.ofMinutes(2), Optional.empty(), true,
        new OfflinePolicy(true, Duration.ofDays(3), 2));
  }
}
