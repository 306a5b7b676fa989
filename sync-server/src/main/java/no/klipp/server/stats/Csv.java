package no.klipp.server.stats;

import java.util.List;

/** RFC 4180 CSV: comma-separated, quoted where needed, CRLF line ends. */
public final class Csv {

  private final StringBuilder out = new StringBuilder();

  /** Adds one record. */
  public Csv row(List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      out.append(i == 0 ? "" : ",").append(quote(fields.get(i)));
    }
    out.append("\r\n");
    return this;
  }

  private static String quote(String s) {
    String v = s == null ? "" : s;
    // A leading =, +, - or @ would run as a formula in a spreadsheet, and so would one after a
    // leading tab or carriage return (OWASP's list); a quote mark keeps it text.
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  /** The CSV, with a byte order mark so spreadsheets read æøå right. */
  public byte[] bytes() {
    return ("\uFEFF" + out).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
