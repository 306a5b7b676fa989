package no.klipp.server.dashboard;

import java.util.List;
import no.klipp.server.stats.Figure;

/**
 * Bar charts as inline SVG, drawn on the server. A hidden figure is drawn as a short grey stub
 * labelled "<5", never to scale, so the picture gives away no more than the table.
 */
final class Charts {

  private Charts() {}

  /** One bar: its label and figure. */
  record Bar(String label, Figure figure) {}

  /** Vertical bars (e.g. visits per month). */
  static String columns(String title, List<Bar> bars, char decimal) {
    int width = Math.max(320, bars.size() * 46 + 40);
    int height = 200;
    int base = 160;
    long max = Math.max(1, bars.stream().filter(b -> !b.figure().hidden()).mapToLong(b -> b.figure().value()).max()
        .orElse(1));
    Html h = new Html();
    h.raw("<svg role=\"img\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height
        + "\" xmlns=\"http://www.w3.org/2000/svg\">").el("title", title);
    h.raw("<line x1=\"30\" y1=\"" + base + "\" x2=\"" + (width - 5) + "\" y2=\"" + base + "\" stroke=\"#1d2433\"/>");
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int x = 36 + i * 46;
      int barHeight = b.figure().hidden() ? 6 : (int) Math.round(130.0 * b.figure().value() / max);
      String fill = b.figure().hidden() ? "#b8c0cc" : "#2f6fad";
      h.raw("<rect x=\"" + x + "\" y=\"" + (base - barHeight) + "\" width=\"34\" height=\"" + barHeight
          + "\" fill=\"" + fill + "\"/>");
      h.raw("<text x=\"" + (x + 17) + "\" y=\"" + (base - barHeight - 4) + "\" text-anchor=\"middle\">")
          .text(b.figure().text(decimal)).raw("</text>");
      h.raw("<text x=\"" + (x + 17) + "\" y=\"" + (base + 16) + "\" text-anchor=\"middle\">").text(b.label())
          .raw("</text>");
    }
    return h.raw("</svg>").toString();
  }

  /** Horizontal bars (e.g. visits per category). */
  static String rows(String title, List<Bar> bars, char decimal) {
    int height = bars.size() * 26 + 10;
    int width = 560;
    long max = Math.max(1, bars.stream().filter(b -> !b.figure().hidden()).mapToLong(b -> b.figure().value()).max()
        .orElse(1));
    Html h = new Html();
    h.raw("<svg role=\"img\" width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 " + width + " " + height
        + "\" xmlns=\"http://www.w3.org/2000/svg\">").el("title", title);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = 6 + i * 26;
      int barWidth = b.figure().hidden() ? 6 : (int) Math.round(330.0 * b.figure().value() / max);
      String fill = b.figure().hidden() ? "#b8c0cc" : "#2f6fad";
      h.raw("<text x=\"150\" y=\"" + (y + 15) + "\" text-anchor=\"end\">").text(b.label()).raw("</text>");
      h.raw("<rect x=\"158\" y=\"" + y + "\" width=\"" + barWidth + "\" height=\"20\" fill=\"" + fill + "\"/>");
      h.raw("<text x=\"" + (164 + barWidth) + "\" y=\"" + (y + 15) + "\">").text(b.figure().text(decimal))
          .raw("</text>");
    }
    return h.raw("</svg>").toString();
  }
}
