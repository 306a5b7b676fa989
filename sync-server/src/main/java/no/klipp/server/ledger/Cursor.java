package no.klipp.server.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a terminal's ledger stands: the last change number it has seen (commit-ordered, see
 * ChangeCounter), the server time of its last read, from which visits are looked at again with a
 * margin, and the database's generation ({@link no.klipp.server.db.ChangeCounter.Position}), which
 * a restore from a backup moves on. Written {@code c<change>.t<epoch millis>}, followed by
 * {@code .g<generation>} unless the generation is 0, so that the cursors terminals held before
 * generations existed stay valid; opaque to terminals.
 */
public record Cursor(long change, Instant readAt, long generation) {

  /**
   * No server clock reads a time after this one; a cursor with a later time was not made here, and
   * PostgreSQL cannot even compare its timestamps with one a few thousand centuries on.
   */
  private static final long LATEST_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  /** The cursor's text. */
  public String text() {
    String text = "c" + change + ".t" + readAt.toEpochMilli();
    return generation == 0 ? text : text + ".g" + generation;
  }

  /** Parses a cursor's text; empty for anything else. */
  public static Optional<Cursor> parse(String text) {
    if (text == null || text.length() > 80 || !text.startsWith("c")) {
      return Optional.empty();
    }
    int t = text.indexOf(".t");
    if (t < 0) {
      return Optional.empty();
    }
    int g = text.indexOf(".g", t);
    try {
      long change = Long.parseLong(text.substring(1, t));
      long millis = Long.parseLong(text.substring(t + 2, g < 0 ? text.length() : g));
      // "g0" is never written: one cursor, one text.
      long generation = g < 0 ? 0 : Long.parseLong(text.substring(g + 2));
      if (change < 0 || millis < 0 || millis > LATEST_MILLIS || generation < 0 || (g >= 0 && generation == 0)) {
        return Optional.empty();
      }
      return Optional.of(new Cursor(change, Instant.ofEpochMilli(millis), generation));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
