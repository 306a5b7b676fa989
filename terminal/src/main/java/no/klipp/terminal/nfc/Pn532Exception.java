package no.klipp.terminal.nfc;

import java.io.IOException;

/** The PN532 did not answer as the protocol says. */
public final class Pn532Exception extends IOException {

  /** What went wrong on the wire. */
  public enum Kind {
    TIMEOUT,
    NACK,
    BAD_CHECKSUM,
    ERROR_FRAME,
    BAD_RESPONSE
  }

  private final Kind kind;

  Pn532Exception(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = kind;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }
}
