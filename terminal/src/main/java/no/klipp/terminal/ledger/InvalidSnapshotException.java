package no.klipp.terminal.ledger;

/** A snapshot or delta that cannot be loaded: unreadable, or holding an impossible value. */
public final class InvalidSnapshotException extends RuntimeException {
  public InvalidSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }

  public InvalidSnapshotException(String message) {
    super(message);
  }
}
