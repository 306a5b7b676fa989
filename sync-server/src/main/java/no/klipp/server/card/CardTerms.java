package no.klipp.server.card;

import java.time.LocalDate;
import no.klipp.protocol.sync.CardStatus;

/** What judging an uploaded visit needs of its card: the current serial, the validity and the status. */
public record CardTerms(String cardNumber, int credentialSerial, LocalDate validFrom, LocalDate validUntil,
    CardStatus status) {

  /** True when {@code date} is within the card's validity. */
  public boolean validOn(LocalDate date) {
    return !date.isBefore(validFrom) && !date.isAfter(validUntil);
  }
}
