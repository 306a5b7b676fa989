package no.klipp.terminal.ledger;

import java.util.Optional;

/** What the ledger holds, for {@code terminal ledger stats} and the fleet report. No personal data. */
public record LedgerStats(
    int schemaVersion,
    String venueId,
    String cursor,
    String serverTime,
    String lastSync,
    long cards,
    long offers,
    long revocations,
    long usageRows,
    long visits,
    long visitsPending,
    long lastSequence) {

  /** Gathers the figures from an open ledger. */
  public static LedgerStats of(Ledger ledger) {
    Roster roster = new Roster(ledger);
    Outbox outbox = new Outbox(ledger);
    return new LedgerStats(
        ledger.schemaVersion(),
        orNull(ledger.meta(Meta.VENUE_ID)),
        orNull(ledger.meta(Meta.CURSOR)),
        orNull(ledger.meta(Meta.SERVER_TIME)),
        orNull(ledger.meta(Meta.LAST_SYNC)),
        roster.count("card"),
        roster.count("offer"),
        roster.count("revocation"),
        roster.count("usage"),
        outbox.totalCount(),
        outbox.pendingCount(),
        outbox.lastSequence());
  }

  private static String orNull(Optional<String> value) {
    return value.orElse(null);
  }
}
