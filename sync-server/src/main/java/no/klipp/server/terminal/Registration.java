package no.klipp.server.terminal;

import java.time.Instant;

/** A registered terminal with its one-time enrollment code (shown once, e.g. as a QR code) and its expiry. */
public record Registration(Terminal terminal, String enrollmentCode, Instant expiresAt) {
  @Override
  public String toString() {
    return "Registration[" + terminal.id() + "]";
  }
}
