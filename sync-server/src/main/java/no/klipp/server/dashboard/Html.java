package no.klipp.server.dashboard;

/**
 * A small HTML writer: text is always escaped; markup is only what the code writes itself.
 * Chosen over a template library because the pages are few and mostly tables and forms, and
 * plain Java keeps every escape visible and type-checked with no extra dependency.
 */
final class Html {

  private final StringBuilder out = new StringBuilder(4096);

  /** Escapes text for element content and quoted attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Markup written by the code (never user input). */
  Html raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Escaped text. */
  Html text(String s) {
    out.append(esc(s));
    return this;
  }

  /** {@code <tag attrs>escaped text</tag>}; {@code attrs} is code-written markup. */
  Html el(String tag, String attrs, String text) {
    out.append('<').append(tag).append(attrs.isEmpty() ? "" : " " + attrs).append('>').append(esc(text))
        .append("</").append(tag).append('>');
    return this;
  }

  Html el(String tag, String text) {
    return el(tag, "", text);
  }

  /** A link with escaped href and text. */
  Html link(String href, String text) {
    out.append("<a href=\"").append(esc(href)).append("\">").append(esc(text)).append("</a>");
    return this;
  }

  /** A labelled input. */
  Html input(String label, String name, String type, String value, String extra) {
    out.append("<label>").append(esc(label)).append(" <input type=\"").append(type).append("\" name=\"")
        .append(name).append("\" value=\"").append(esc(value)).append('"')
        .append(extra.isEmpty() ? "" : " " + extra).append("></label>");
    return this;
  }

  /** A labelled select; {@code options} are value/label pairs. */
  Html select(String label, String name, java.util.List<String[]> options, String selected) {
    out.append("<label>").append(esc(label)).append(" <select name=\"").append(name).append("\">");
    for (String[] o : options) {
      out.append("<option value=\"").append(esc(o[0])).append('"').append(o[0].equals(selected) ? " selected" : "")
          .append('>').append(esc(o[1])).append("</option>");
    }
    out.append("</select></label>");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
