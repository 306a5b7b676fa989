package no.klipp.server.terminal;

/**
 * An authenticated terminal: which terminal, which venue, which scheme, and the hash of the token
 * it called with, so the statements of its call can check that the token still holds.
 */
public record TerminalIdentity(String terminalId, String venueId, long schemeId, String tokenHash) {

  /** Without the token hash: identities end up in log lines. */
  @Override
  public String toString() {
    return "TerminalIdentity[" + terminalId + " at " + venueId + ", scheme " + schemeId + "]";
  }
}
