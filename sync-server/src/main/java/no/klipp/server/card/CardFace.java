package no.klipp.server.card;

import java.time.format.DateTimeFormatter;
import no.klipp.protocol.card.CardNumber;

/**
 * What a printed card shows: the scheme's name, the card number, the validity and the QR code.
 * Deliberately nothing else: no reason for holding it, no paid-or-free mark, no holder data.
 */
public record CardFace(String schemeName, String cardNumber, String validity, String qrText) {

  /** The label printed above the validity dates. */
  public static final String VALID_LABEL = "Gyldig";

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

  /** The face of an issued card of the named scheme. */
  public static CardFace of(IssuedCard issued, String schemeName) {
    Card c = issued.card();
    return new CardFace(schemeName, new CardNumber(c.cardNumber()).formatted(),
        DATE.format(c.validFrom()) + " – " + DATE.format(c.validUntil()), issued.credential());
  }
}
