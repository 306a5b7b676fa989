package no.klipp.server.stats;

/** One published number: a count, or a share in tenths of a percent; hidden ones show as "<5". */
public record Figure(long value, Kind kind, boolean hidden) {

  /** What the number is. */
  public enum Kind { COUNT, PERMILLE }

  /** What is shown for a hidden figure. */
  public static final String HIDDEN = "<" + Suppression.THRESHOLD;

  public static Figure count(long value, boolean hidden) {
    return new Figure(value, Kind.COUNT, hidden);
  }

  /** {@code part / whole} as a share, hidden when either is; "–" when there is no whole. */
  public static Figure share(long part, long whole, boolean hidden) {
    return new Figure(whole == 0 ? -1 : Math.round(part * 1000.0 / whole), Kind.PERMILLE, hidden);
  }

  /** The figure as text, language-neutral ({@code 12.5 %} uses the decimal point given). */
  public String text(char decimal) {
    if (hidden) {
      return HIDDEN;
    }
    if (kind == Kind.PERMILLE) {
      return value < 0 ? "–" : (value / 10) + "" + decimal + (value % 10) + " %";
    }
    return Long.toString(value);
  }
}
