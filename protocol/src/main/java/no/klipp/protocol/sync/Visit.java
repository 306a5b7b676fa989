package no.klipp.protocol.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One visit event recorded by a terminal. Its unique {@code id} ({@link VisitIds}) makes uploads
 * idempotent; its per-terminal {@code sequence} lets the server detect gaps.
 */
public record Visit(
    UUID id,
    long sequence,
    VisitKind kind,
    UUID refersTo,
    String cardNumber,
    int credentialSerial,
    String offerId,
    String venueId,
    String terminalId,
    Instant terminalTime,
    int companions,
    Set<VisitFlag> flags) {

  public Visit {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(kind, "kind == null");
    flags = flags == null ? Set.of() : Set.copyOf(flags);
  }
}
