package no.klipp.protocol.sync;

import java.util.Set;
import java.util.UUID;

/** The server's answer for one visit of a batch: stored, duplicate or refused, with flags it added. */
public record VisitAck(UUID id, AckStatus status, String reason, Set<VisitFlag> flags) {
  public VisitAck {
    flags = flags == null ? Set.of() : Set.copyOf(flags);
  }
}
