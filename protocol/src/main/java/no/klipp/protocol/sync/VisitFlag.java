package no.klipp.protocol.sync;

/** Marks on a visit for review. Terminal flags travel with the visit; server flags are added on receipt. */
public enum VisitFlag {
  /** Terminal: the wall clock was behind the terminal's time high-water mark or not yet synced. */
  CLOCK_UNVERIFIED,
  /** Terminal: the card was not in the ledger yet; admitted on its verified credential by default rules. */
  UNKNOWN_CARD,
  /** Terminal: admitted while offline longer than the offline policy's grace time. */
  OFFLINE,
  /** Terminal: card number typed by staff rather than scanned. */
  MANUAL_ENTRY,
  /** Server: the visit took the card beyond its quota once all terminals' visits were counted. */
  OFFLINE_CONFLICT,
  /** Server: the card or credential was revoked when the visit was made. */
  REVOKED_CARD,
  /** Server: the visit falls outside the card's or the offer's validity. */
  OUTSIDE_VALIDITY
}
