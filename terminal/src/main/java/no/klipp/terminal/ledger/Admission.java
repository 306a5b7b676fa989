package no.klipp.terminal.ledger;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.VisitFlag;

/**
 * An admission recorded here, as corrections left it: {@code companions} counts those admitted with
 * it and those added later; {@code voided} when staff undid it.
 */
public record Admission(
    UUID id,
    String cardNumber,
    int serial,
    String offerId,
    String period,
    Instant at,
    int companions,
    boolean voided,
    Set<VisitFlag> flags) {

  public Admission {
    flags = flags == null ? Set.of() : Set.copyOf(flags);
  }
}
