package no.klipp.server.terminal;

/**
 * An authenticated terminal: which terminal, which venue, which scheme, and the hash of the token
 * it called with, so the statements of its call can check that the token still holds. Whether it is
 * a staffed desk is not kept here: an administrator may change it, so the ledger reads it with the
 * token check ({@link TerminalRepository#ledgerForm}), never from a token verified earlier.
 */
public record TerminalIdentity(String terminalId, String venueId, long schemeId, String tokenHash) {

  /** Without the token hash: identities end up in log lines. */
  @Override
  public String toString() {
    return "TerminalIdentity[" + terminalId + " at " + venueId + ", scheme " + schemeId + "]";
  }
}
