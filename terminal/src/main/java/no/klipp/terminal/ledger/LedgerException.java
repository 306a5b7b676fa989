package no.klipp.terminal.ledger;

import java.util.Objects;

/** The ledger cannot be used: missing, damaged, full disk, or a storage failure; the message says which. */
public final class LedgerException extends RuntimeException {

  /** What went wrong, so callers can choose an exit code or a screen. */
  public enum Problem {
    /** No ledger file where one was expected. */
    MISSING,
    /** The file is not a database, or fails the integrity check. */
    CORRUPT,
    /** The disk (or the database's size limit) is full; nothing of the failed change was kept. */
    DISK_FULL,
    /** The ledger was written by a newer version of this software. */
    NEWER_VERSION,
    /** Any other storage failure: permissions, I/O error, locked by another program. */
    STORAGE
  }

  private final Problem problem;

  public LedgerException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(problem, "problem == null");
  }

  public LedgerException(Problem problem, String message) {
    this(problem, message, null);
  }

  /** What went wrong. */
  public Problem problem() {
    return problem;
  }
}
