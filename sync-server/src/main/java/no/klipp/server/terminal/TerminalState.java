package no.klipp.server.terminal;

/** Where a terminal is in its life. */
public enum TerminalState {
  /** Registered; waiting to exchange its one-time enrollment code. */
  PENDING,
  /** Enrolled; its bearer token works. */
  ACTIVE,
  /** Revoked; refused at once, for good. */
  REVOKED
}
