package no.klipp.terminal.sync;

import java.time.Instant;
import java.util.Optional;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;

/** Where downloaded ledger data goes: the terminal's local ledger. */
public interface LedgerSink {

  /** The server's cursor after the data loaded so far; empty when the ledger was never loaded. */
  Optional<String> cursor();

  /**
   * Which of this terminal's own visits the server should count in a snapshot and its deltas: those it received
   * before the returned time ({@code now}: all of them), which this ledger does not hold; empty
   * for none (the ledger holds them all).
   */
  default Optional<String> ownVisitsBefore() {
    return Optional.empty();
  }

  /**
   * True when the ledger, though it has a cursor, lacks what only a snapshot brings (whether this
   * terminal is a staffed desk, for a ledger loaded by older software): the next download is one.
   */
  default boolean needsSnapshot() {
    return false;
  }

  /** Replaces the roster with a full snapshot (visits stay); {@code now} is when it arrived. */
  void replace(LedgerSnapshot snapshot, Instant now);

  /** Applies the changes after the current cursor; {@code now} is when they arrived. */
  void apply(LedgerDelta delta, Instant now);
}
