package no.klipp.terminal.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a stream that never holds more than {@code max} characters of one line in memory: a
 * longer line is returned as {@link #OVERSIZED} and the rest of it skipped. Ends at end of input.
 */
final class BoundedLines {

  /** Stands for a line that was too long to read. */
  static final String OVERSIZED = "\u0000oversized";

  private final Reader in;
  private final int max;
  private final StringBuilder line = new StringBuilder();

  BoundedLines(Reader in, int max) {
    this.in = in;
    this.max = max;
  }

  /** The next line without its ending, {@link #OVERSIZED}, or null at end of input. */
  String next() throws IOException {
    line.setLength(0);
    boolean oversized = false;
    boolean any = false;
    int c;
    while ((c = in.read()) >= 0) {
      any = true;
      if (c == '\n') {
        break;
      }
      if (line.length() < max) {
        line.append((char) c);
      } else {
        oversized = true;
      }
    }
    if (!any) {
      return null;
    }
    if (oversized) {
      return OVERSIZED;
    }
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    return line.toString();
  }
}
