package no.klipp.protocol.card;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a card proves once its signature is verified: which scheme issued it, the card number, the
 * credential serial (raised when a card is replaced) and the issuing key.
 *
 * <p>It deliberately carries nothing about the holder or why the card was given.
 */
public record Credential(
    long schemeId,
    CardNumber cardNumber,
    int serial,
    LocalDate issuedOn,
    int keyId,
    CredentialForm form) {

  /** Largest scheme id that fits the binary form (unsigned 32 bits). */
  public static final long MAX_SCHEME_ID = 0xffff_ffffL;
  /** Largest credential serial (unsigned 16 bits). */
  public static final int MAX_SERIAL = 0xffff;
  /** Largest issuer key id (unsigned 8 bits). */
  public static final int MAX_KEY_ID = 0xff;
  /** The first day an issue date can express; the binary form counts days from it. */
  public static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);

  public Credential {
    Objects.requireNonNull(cardNumber, "cardNumber == null");
    Objects.requireNonNull(issuedOn, "issuedOn == null");
    Objects.requireNonNull(form, "form == null");
    if (schemeId < 0 || schemeId > MAX_SCHEME_ID) {
      throw new IllegalArgumentException("schemeId out of range: " + schemeId);
    }
    if (serial < 0 || serial > MAX_SERIAL) {
      throw new IllegalArgumentException("serial out of range: " + serial);
    }
    if (keyId < 0 || keyId > MAX_KEY_ID) {
      throw new IllegalArgumentException("keyId out of range: " + keyId);
    }
    long day = issuedOn.toEpochDay() - EPOCH.toEpochDay();
    if (day < 0 || day > 0xffff) {
      throw new IllegalArgumentException("issuedOn out of range: " + issuedOn);
    }
  }

  /** The same credential in another form (QR or NFC). */
  public Credential withForm(CredentialForm newForm) {
    return new Credential(schemeId, cardNumber, serial, issuedOn, keyId, newForm);
  }
}
