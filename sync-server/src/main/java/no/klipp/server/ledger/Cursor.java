package no.klipp.server.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a terminal's ledger stands: the last change number it has seen (commit-ordered, see
 * ChangeCounter) and the server time of its last read, from which visits are looked at again
 * with a margin. Written {@code c<change>.t<epoch millis>}; opaque to terminals.
 */
public record Cursor(long change, Instant readAt) {

  /**
   * No server clock reads a time after this one; a cursor with a later time was not made here, and
   * PostgreSQL cannot even compare its timestamps with one a few thousand centuries on.
   */
  private static final long LATEST_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  /** The cursor's text. */
  public String text() {
    return "c" + change + ".t" + readAt.toEpochMilli();
  }

  /** Parses a cursor's text; empty for anything else. */
  public static Optional<Cursor> parse(String text) {
    if (text == null || text.length() > 60 || !text.startsWith("c")) {
      return Optional.empty();
    }
    int dot = text.indexOf(".t");
    if (dot < 0) {
      return Optional.empty();
    }
    try {
      long change = Long.parseLong(text.substring(1, dot));
      long millis = Long.parseLong(text.substring(dot + 2));
      if (change < 0 || millis < 0 || millis > LATEST_MILLIS) {
        return Optional.empty();
      }
      return Optional.of(new Cursor(change, Instant.ofEpochMilli(millis)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
