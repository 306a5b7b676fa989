package no.klipp.terminal.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Meta;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.ledger.SnapshotImport;

/**
 * Downloaded ledger data into the terminal's ledger. Each load also records the time of the last
 * successful sync, which the validator's offline policy reads.
 */
public final class LedgerSyncSink implements LedgerSink {

  private static final String ALL = "now";

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

  /**
   * The ledger's birth, once it has one. Before: all of them when it holds no visit at all (a new
   * terminal, or a terminal enrolled again on a new SD card, whose earlier admissions must still
   * count), none when it holds visits (a ledger from before births were kept, which has its own).
   */
  @Override
  public Optional<String> ownVisitsBefore() {
    Optional<String> born = ledger.meta(Meta.BORN);
    if (born.isPresent()) {
      return born;
    }
    return new Outbox(ledger).lastSequence() == 0 ? Optional.of(ALL) : Optional.empty();
  }

  @Override
  public boolean needsSnapshot() {
    return ledger.meta(Meta.STAFFED).isEmpty() && cursor().isPresent();
  }

  @Override
  public void replace(LedgerSnapshot snapshot, Instant now) {
    boolean birth = ownVisitsBefore().equals(Optional.of(ALL));
    // The birth in the snapshot's own transaction: a ledger with the snapshot's cursor but no birth
    // (a power cut between two commits) would ask for none of its own earlier visits ever after.
    ledger.write("load the snapshot", c -> {
      imports.replace(snapshot, now);
      if (birth) {
        // Asked with all of them: every later visit of this terminal is this ledger's own.
        ledger.setMeta(Meta.BORN, snapshot.serverTime().toString());
      }
      return null;
    });
    // A snapshot may take every name away (a desk made unattended): none stays in the log.
    ledger.truncateLog();
  }

  @Override
  public void apply(LedgerDelta delta, Instant now) {
    imports.apply(delta, now);
  }
}
