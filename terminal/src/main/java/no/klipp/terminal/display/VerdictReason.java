package no.klipp.terminal.display;

/**
 * Why a card was let in or not, as the display words it. Mirrors the validator's reasons so the
 * display does not depend on validation internals; the adapter maps one onto the other.
 */
public enum VerdictReason {
  ADMITTED,
  QUOTA_USED,
  NOT_VALID_HERE,
  EXPIRED,
  NOT_YET_VALID,
  REVOKED,
  UNKNOWN_CARD,
  INVALID_CODE,
  AGE_OUTSIDE_SCHEME,
  OUTSIDE_OPENING_HOURS,
  SOLD_OUT,
  ALREADY_SCANNED,
  OFFLINE_LIMIT,
  /** The terminal cannot judge any card yet (no issuer keys in its ledger): staff must help, not the card. */
  NOT_READY;

  /** True when the card itself is fine and simply presenting it again may work (a misread code). */
  public boolean tryAgain() {
    return this == INVALID_CODE;
  }
}
