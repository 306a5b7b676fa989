package no.klipp.terminal.validation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Meta;

/** The last successful sync as recorded in the ledger's meta table (set by imports and the sync loop). */
public final class LedgerSyncStatus implements SyncStatus {

  private final Ledger ledger;

  public LedgerSyncStatus(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
  }

  @Override
  public Optional<Instant> lastSuccessfulSync() {
    return ledger.meta(Meta.LAST_SYNC).flatMap(LedgerSyncStatus::parse);
  }

  /** Records a successful sync that ended at {@code at}. */
  public void succeeded(Instant at) {
    ledger.setMeta(Meta.LAST_SYNC, at.toString());
  }

  private static Optional<Instant> parse(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
