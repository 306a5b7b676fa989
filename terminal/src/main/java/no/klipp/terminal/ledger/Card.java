package no.klipp.terminal.ledger;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import no.klipp.protocol.sync.CardStatus;

/**
 * A card as the ledger holds it. {@code firstName} and {@code birthYear} are for staff eyes only;
 * {@code firstName} is null on a terminal not registered as a staffed desk (the server sends it no
 * names). {@code offers} are the targeted offers chosen for this card.
 */
public record Card(
    String number,
    int serial,
    String fingerprint,
    LocalDate validFrom,
    LocalDate validUntil,
    int birthYear,
    String firstName,
    CardStatus status,
    Set<String> offers) {

  public Card {
    Objects.requireNonNull(number, "number == null");
    Objects.requireNonNull(validFrom, "validFrom == null");
    Objects.requireNonNull(validUntil, "validUntil == null");
    Objects.requireNonNull(status, "status == null");
    offers = offers == null ? Set.of() : Set.copyOf(offers);
  }
}
