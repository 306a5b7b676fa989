package no.klipp.protocol.sync;

/** Whether a card may be used. Paid or free is deliberately not here: it never reaches a terminal. */
public enum CardStatus {
  ACTIVE,
  REVOKED
}
