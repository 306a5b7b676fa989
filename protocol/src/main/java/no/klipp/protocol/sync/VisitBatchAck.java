package no.klipp.protocol.sync;

import java.time.Instant;
import java.util.List;

/** The server's answer to a {@link VisitBatch}: one acknowledgement per visit, and any sequence gaps. */
public record VisitBatchAck(Instant serverTime, List<VisitAck> items, List<SequenceGap> gaps) {
  public VisitBatchAck {
    items = items == null ? List.of() : List.copyOf(items);
    gaps = gaps == null ? List.of() : List.copyOf(gaps);
  }
}
