package no.klipp.protocol.sync;

/** What the server did with one uploaded visit. */
public enum AckStatus {
  /** Stored now. */
  STORED,
  /** Already stored by an earlier upload; nothing new was stored. */
  DUPLICATE,
  /** Malformed; not stored. {@code reason} says why. The terminal must not resend it unchanged. */
  REFUSED
}
