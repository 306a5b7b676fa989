package no.klipp.server.db;

import java.nio.charset.StandardCharsets;

/** Rows in PostgreSQL COPY's text format: fields separated by tabs, one row per line, null as {@code \N}. */
public final class CopyText {

  private final StringBuilder text;
  private boolean first = true;
  /** The last time written and its text: a batch's rows share their receive time. */
  private Object lastValue;
  private String lastText;

  /** For about {@code rows} rows. */
  public CopyText(int rows) {
    text = new StringBuilder(Math.max(64, rows * 200));
  }

  /** Adds a field to the current row; null is SQL NULL, anything else its {@code toString()}. */
  public CopyText field(Object value) {
    if (!first) {
      text.append('\t');
    }
    first = false;
    if (value == null) {
      text.append("\\N");
      return this;
    }
    String s;
    if (value == lastValue) {
      s = lastText;
    } else {
      s = value.toString();
      if (value instanceof java.time.Instant) {
        lastValue = value;
        lastText = s;
      }
    }
    if (plain(s)) {
      text.append(s); // the usual value: copied whole, not character by character
      return this;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        // The format's own characters are escaped, so no value can end a field or a row early.
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(c);
      }
    }
    return this;
  }

  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        return false;
      }
    }
    return true;
  }

  /** Ends the current row. */
  public CopyText endRow() {
    text.append('\n');
    first = true;
    return this;
  }

  /** The rows so far, UTF-8. */
  public byte[] bytes() {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
