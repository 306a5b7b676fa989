package no.klipp.server.terminal;

/**
 * An authenticated terminal: which terminal, which venue, which scheme, whether it is a staffed desk
 * (only then does its ledger carry the holders' first names), and the hash of the token it called
 * with, so the statements of its call can check that the token still holds. {@code staffed} is read
 * with the token and kept with it ({@code VerifiedTokens}): it is set at registration and never
 * changes, so the ledger needs no statement of its own to know it.
 */
public record TerminalIdentity(String terminalId, String venueId, long schemeId, boolean staffed,
    String tokenHash) {

  /** Without the token hash: identities end up in log lines. */
  @Override
  public String toString() {
    return "TerminalIdentity[" + terminalId + " at " + venueId + ", scheme " + schemeId + (staffed ? ", staffed" : "") + "]";
  }
}
