package no.klipp.terminal.ledger;

/** Keys of the ledger's meta table. */
public final class Meta {
  /** The venue of the loaded snapshot. */
  public static final String VENUE_ID = "venue_id";
  /** The server's cursor to ask for deltas after the loaded data. */
  public static final String CURSOR = "cursor";
  /** The server's time when it made the loaded snapshot or delta (ISO-8601). */
  public static final String SERVER_TIME = "server_time";
  /** When the terminal last completed a sync or an import (ISO-8601). */
  public static final String LAST_SYNC = "last_sync";
  /** The time high-water mark, epoch milliseconds. */
  public static final String TIME_MARK = "time_mark";
  /**
   * The highest visit sequence number when the time mark was last lowered to the server's time:
   * visits up to it were dated by a wall clock that ran ahead, and no longer raise the mark.
   */
  public static final String TIME_LOWERED_AT_SEQ = "time_lowered_at_seq";
  /**
   * "true" or "false": whether the server has this terminal registered as a staffed desk, from its
   * last snapshot; {@link #STAFFED_UNKNOWN} when the server did not say; absent in a ledger loaded
   * by software older than the flag (its next download is a snapshot).
   */
  public static final String STAFFED = "staffed";
  /** {@link #STAFFED} after a snapshot from a server that does not say. */
  public static final String STAFFED_UNKNOWN = "unknown";
  /** The terminal the visits here are recorded as, set at enrollment (see {@link Ownership}). */
  public static final String TERMINAL_ID = "terminal_id";
  /**
   * The server's time when this ledger loaded its first snapshot (ISO-8601): the terminal's own
   * visits the server received before it are not in this ledger (it was started afresh).
   */
  public static final String BORN = "born";
  /** That terminal's venue, set at enrollment. */
  public static final String TERMINAL_VENUE_ID = "terminal_venue_id";
  /**
   * The highest sequence number the server held from this terminal when it enrolled: visits here
   * are numbered above it, so a fresh ledger of a terminal enrolled again never reuses a number.
   */
  public static final String NUMBERED_ABOVE = "numbered_above";

  private Meta() {}
}
