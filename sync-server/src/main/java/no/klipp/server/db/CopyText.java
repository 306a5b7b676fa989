package no.klipp.server.db;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Rows in PostgreSQL COPY's text format: fields separated by tabs, one row per line, null as {@code \N}. */
public final class CopyText {

  private final StringBuilder line = new StringBuilder(256);
  private final ByteArrayOutputStream out;
  private boolean first = true;

  /** For about {@code rows} rows. */
  public CopyText(int rows) {
    out = new ByteArrayOutputStream(Math.max(64, rows * 200));
  }

  /** Adds a field to the current row; null is SQL NULL, anything else its {@code toString()}. */
  public CopyText field(Object value) {
    if (!first) {
      line.append('\t');
    }
    first = false;
    if (value == null) {
      line.append("\\N");
      return this;
    }
    String text = value.toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        // The format's own characters are escaped, so no value can end a field or a row early.
        case '\\' -> line.append("\\\\");
        case '\t' -> line.append("\\t");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        default -> line.append(c);
      }
    }
    return this;
  }

  /** Ends the current row. */
  public CopyText endRow() {
    line.append('\n');
    out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
    line.setLength(0);
    first = true;
    return this;
  }

  /** The rows so far, UTF-8. */
  public byte[] bytes() {
    return out.toByteArray();
  }
}
