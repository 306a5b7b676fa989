package no.klipp.server.card;

import java.time.LocalDate;
import java.util.List;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.CredentialForm;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.CardStatus;

/**
 * A card as the server keeps it. The credential serial is raised when a lost card is replaced;
 * visits are kept by card number, so they carry over. {@code paid} is known to the
 * administration only: it never reaches a terminal ({@link #record}) or a card face.
 * {@code fingerprint} is that of the current QR credential ({@code CredentialCodec.fingerprint});
 * null only for cards issued before fingerprints were kept, until {@code serve} fills it in.
 * {@code firstName} is null once the retention has erased it ({@code retention.NameErasure}), a while
 * after the card expired; terminals then receive the card with no name.
 */
public record Card(
    String cardNumber,
    long schemeId,
    int credentialSerial,
    LocalDate issuedOn,
    int keyId,
    String fingerprint,
    LocalDate validFrom,
    LocalDate validUntil,
    int birthYear,
    String firstName,
    CardStatus status,
    boolean paid) {

  /** The same card with a new credential's fingerprint. */
  public Card withFingerprint(String newFingerprint) {
    return new Card(cardNumber, schemeId, credentialSerial, issuedOn, keyId, newFingerprint, validFrom, validUntil,
        birthYear, firstName, status, paid);
  }

  /** The current credential (QR form) this card's face carries. */
  public Credential credential() {
    return new Credential(schemeId, new CardNumber(cardNumber), credentialSerial, issuedOn, keyId, CredentialForm.QR);
  }

  /**
   * The card as a terminal's ledger holds it, with the targeted offers chosen for it; the holder's
   * first name only {@code withFirstName} (a staffed desk) and while the card can still be used on
   * {@code today} (not revoked, not expired), null otherwise: a desk greets the children it admits
   * and needs no names of the others.
   */
  public CardRecord record(List<String> offers, boolean withFirstName, LocalDate today) {
    boolean usable = status == CardStatus.ACTIVE && !today.isAfter(validUntil);
    return new CardRecord(cardNumber, credentialSerial, fingerprint, validFrom, validUntil, birthYear,
        withFirstName && usable ? firstName : null, status, offers);
  }

  /** True when {@code date} is within the card's validity. */
  public boolean validOn(LocalDate date) {
    return !date.isBefore(validFrom) && !date.isAfter(validUntil);
  }
}
