package no.klipp.terminal.validation;

import java.util.Objects;
import java.util.Optional;
import no.klipp.protocol.card.Credential;
import no.klipp.terminal.ledger.Card;
import no.klipp.terminal.ledger.Roster;

/**
 * The roster's card for one scan, read from the ledger once however often it is asked for: first
 * to recognise the scanned credential by its fingerprint, then to decide. Lives for one scan,
 * under the ledger's lock.
 */
final class ScannedCard {

  private final Roster roster;
  private String number;
  private Optional<Card> card;

  ScannedCard(Roster roster) {
    this.roster = Objects.requireNonNull(roster, "roster == null");
  }

  /** The roster's card with this number, if it knows one. */
  Optional<Card> card(String cardNumber) {
    if (!cardNumber.equals(number)) {
      card = roster.card(cardNumber);
      number = cardNumber;
    }
    return card;
  }

  /**
   * As a {@link no.klipp.protocol.card.CredentialCodec.Vouch}: true when the roster (from the
   * server, over the authenticated sync) holds exactly this credential, fingerprint and serial, as
   * the card's current one. Such a scan needs no signature check; any other is verified.
   */
  boolean vouches(Credential unverified, String fingerprint) {
    return card(unverified.cardNumber().digits())
        .filter(c -> c.serial() == unverified.serial() && fingerprint.equals(c.fingerprint()))
        .isPresent();
  }
}
