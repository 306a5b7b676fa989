package no.klipp.protocol.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;
import java.util.UUID;

/**
 * The server's answer for one visit of a batch: stored, duplicate or refused, with flags it added.
 * No reason and no flags are left out of the JSON rather than sent as {@code null} and {@code []}:
 * most of a large batch's acknowledgements are plain, and they are a third shorter (a reader that
 * finds neither gets null and no flags, as before).
 */
public record VisitAck(UUID id, AckStatus status, @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Set<VisitFlag> flags) {
  public VisitAck {
    flags = flags == null ? Set.of() : Set.copyOf(flags);
  }
}
