package no.klipp.protocol.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The server's answer to a {@link VisitBatch}: one acknowledgement per visit, and any sequence gaps.
 * An upload that asked for the ledger changes too ({@link ApiPaths#DELTA_SINCE}) carries them in
 * {@code delta}, or, when they could not be given (a cursor the server no longer knows, a ledger to
 * be loaded anew), the reason in {@code deltaRefused}: the visits are stored either way. Both are
 * left out of the JSON when not asked for, and a server older than them never sends them.
 */
public record VisitBatchAck(Instant serverTime, List<VisitAck> items, List<SequenceGap> gaps,
    @JsonInclude(JsonInclude.Include.NON_NULL) LedgerDelta delta,
    @JsonInclude(JsonInclude.Include.NON_NULL) ErrorBody deltaRefused) {

  /** An acknowledgement without ledger changes. */
  public VisitBatchAck(Instant serverTime, List<VisitAck> items, List<SequenceGap> gaps) {
    this(serverTime, items, gaps, null, null);
  }

  public VisitBatchAck {
    items = items == null ? List.of() : List.copyOf(items);
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
    if (delta != null && deltaRefused != null) {
      throw new IllegalArgumentException("an acknowledgement carries either the delta or why it was refused");
    }
  }

  /** The same acknowledgement carrying {@code delta}. */
  public VisitBatchAck withDelta(LedgerDelta delta) {
    return new VisitBatchAck(serverTime, items, gaps, delta, null);
  }

  /** The same acknowledgement telling why the delta asked for could not be given. */
  public VisitBatchAck withDeltaRefused(ErrorBody refused) {
    return new VisitBatchAck(serverTime, items, gaps, null, refused);
  }
}
