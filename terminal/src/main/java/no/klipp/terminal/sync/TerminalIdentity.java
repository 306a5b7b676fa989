package no.klipp.terminal.sync;

import java.util.Objects;

/**
 * Who this terminal is to the server: the server's address, the terminal and venue ids it was
 * enrolled as, and the bearer token (a secret: never printed, never logged).
 */
public record TerminalIdentity(String server, String terminalId, String venueId, String venueName, String token) {

  public TerminalIdentity {
    Objects.requireNonNull(server, "server == null");
    Objects.requireNonNull(terminalId, "terminalId == null");
    Objects.requireNonNull(venueId, "venueId == null");
    Objects.requireNonNull(token, "token == null");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token is blank");
    }
  }

  @Override
  public String toString() {
    return "TerminalIdentity[server=" + server + ", terminalId=" + terminalId + ", venueId=" + venueId + "]";
  }
}
