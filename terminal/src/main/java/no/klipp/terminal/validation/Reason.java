package no.klipp.terminal.validation;

/** Why a card was admitted or refused. A closed set: screens and sounds switch on it. */
public enum Reason {
  /** Admitted under an offer. */
  ADMITTED,
  /** The card's visits under the offer in this period are used up. */
  QUOTA_USED,
  /** No offer of this venue is open to this card (not targeted to it, outside the offer's dates). */
  NOT_VALID_HERE,
  /** The card's validity has ended. */
  EXPIRED,
  /** The card is not valid yet. */
  NOT_YET_VALID,
  /** The card or this credential (a lost card's) was revoked. */
  REVOKED,
  /** The card is not in the ledger and cannot be admitted on its credential alone. */
  UNKNOWN_CARD,
  /** Not a readable, genuine Klipp card code. */
  INVALID_CODE,
  /** The holder's age is outside the scheme's range. */
  AGE_OUTSIDE_SCHEME,
  /** The offer is closed at this hour. */
  OUTSIDE_OPENING_HOURS,
  /** The offer's tickets are all taken. */
  SOLD_OUT,
  /** The card was admitted under the offer moments ago (a card passed back to someone else). */
  ALREADY_SCANNED,
  /** Offline too long: the card has used the visits allowed until the terminal syncs again. */
  OFFLINE_LIMIT,
  /**
   * The terminal cannot judge the card: its ledger holds no issuer key (not synced yet, or lost), so
   * no credential can be verified. The card may be fine; nothing is counted against it.
   */
  NOT_READY;

  /** True when the card was not read right and presenting it again may work: a misread, not a refusal. */
  public boolean tryAgain() {
    // Keep in step with display.VerdictReason.tryAgain(): the LCD and the web page must agree.
    return this == INVALID_CODE;
  }

  /** True only for {@link #ADMITTED}. */
  public boolean admits() {
    return this == ADMITTED;
  }
}
