package no.klipp.terminal.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Meta;
import no.klipp.terminal.ledger.SnapshotImport;

/**
 * Downloaded ledger data into the terminal's ledger. Each load also records the time of the last
 * successful sync, which the validator's offline policy reads.
 */
public final class LedgerSyncSink implements LedgerSink {

  private final Ledger ledger;
  private final SnapshotImport imports;

  public LedgerSyncSink(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
    this.imports = new SnapshotImport(ledger);
  }

  @Override
  public Optional<String> cursor() {
    return ledger.meta(Meta.CURSOR).filter(c -> !c.isBlank());
  }

  @Override
  public void replace(LedgerSnapshot snapshot, Instant now) {
    imports.replace(snapshot, now);
  }

  @Override
  public void apply(LedgerDelta delta, Instant now) {
    imports.apply(delta, now);
  }
}
