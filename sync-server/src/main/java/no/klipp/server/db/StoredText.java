package no.klipp.server.db;

/** Text a client sent, made fit for a text column on every dialect. */
public final class StoredText {

  private StoredText() {}

  /**
   * {@code text} without control characters, cut to at most {@code max} characters (never inside
   * a surrogate pair); null stays null. PostgreSQL's text cannot hold a NUL: one would fail the
   * statement and the whole transaction with it.
   */
  public static String of(String text, int max) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isISOControl(c)) {
        continue;
      }
      if (sb.length() + Character.charCount(c) > max) {
        break;
      }
      sb.appendCodePoint(c);
    }
    return sb.toString();
  }
}
