package no.klipp.terminal.cli;

/** The terminal's exit codes; the message on standard error says what is wrong. */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;
  /** A bug: an unexpected failure (reported with its stack trace). */
  public static final int INTERNAL = 1;
  /** Wrong command line. */
  public static final int USAGE = 2;
  /** The configuration is wrong: a bad value, an unreadable file. */
  public static final int CONFIG = 3;
  /**
   * The ledger is missing, damaged, full, or cannot be written; some scans may not have been recorded.
   * Or it holds visits not yet sent that the command would leave behind (enrolling as another terminal).
   */
  public static final int LEDGER = 4;
  /** An input file (snapshot, scans) is missing or malformed. */
  public static final int INPUT = 5;
  /** The server could not be reached, or refused (e.g. an unknown enrollment code). */
  public static final int SERVER = 6;

  private ExitCodes() {}
}
