package no.klipp.terminal.cli;

import java.util.Collection;
import java.util.Locale;

/**
 * A flat JSON object written by hand: the validate loop prints one per scan, and building it this
 * way keeps Jackson's start-up cost off the terminal's path to its first verdict.
 */
final class JsonLine {

  private final StringBuilder out = new StringBuilder(256).append('{');
  private boolean first = true;

  /** Adds a field; values may be null, booleans, numbers, enums, strings, UUIDs, collections or objects. */
  JsonLine field(String name, Object value) {
    if (!first) {
      out.append(',');
    }
    first = false;
    string(name);
    out.append(':');
    value(value);
    return this;
  }

  private void value(Object v) {
    switch (v) {
      case null -> out.append("null");
      case Boolean b -> out.append(b);
      case Number n -> out.append(n);
      case JsonLine nested -> out.append(nested);
      case Collection<?> c -> {
        out.append('[');
        boolean firstItem = true;
        for (Object item : c) {
          if (!firstItem) {
            out.append(',');
          }
          firstItem = false;
          value(item);
        }
        out.append(']');
      }
      default -> string(v.toString());
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out + "}";
  }
}
