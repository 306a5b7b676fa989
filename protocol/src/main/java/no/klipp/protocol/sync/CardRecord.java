package no.klipp.protocol.sync;

import java.time.LocalDate;
import java.util.List;

/**
 * A card as a terminal's ledger holds it. The first name and birth year are shown to staff only,
 * to check the card is the holder's; {@code offers} lists the targeted offers chosen for the card.
 * {@code firstName} is null (JSON {@code "firstName": null}) for every card sent to a terminal not
 * registered as a staffed desk: an unattended entrance never shows a name, so it is not given the
 * names of the scheme's children. The birth year is always there (the age rule needs it).
 * {@code fingerprint} is {@link no.klipp.protocol.card.CredentialCodec#fingerprint} of the card's
 * current QR credential (null when the server has none on record): a scan with that fingerprint
 * needs no signature check at the terminal. {@code firstName} is null when the server no longer
 * keeps it (erased a while after the card expired): the terminal then shows no name, and a card
 * it already holds loses its name with the delta that brings this record.
 */
public record CardRecord(
    String cardNumber,
    int credentialSerial,
    String fingerprint,
    LocalDate validFrom,
    LocalDate validUntil,
    int birthYear,
    String firstName,
    CardStatus status,
    List<String> offers) {

  public CardRecord {
    offers = offers == null ? List.of() : List.copyOf(offers);
  }
}
