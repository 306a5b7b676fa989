package no.klipp.server.stats;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;
import no.klipp.server.web.ApiException;

/** The whole months statistics cover, {@code from} to {@code to} inclusive. */
public record Period(YearMonth from, YearMonth to) {

  /** Longest period one page covers. */
  public static final int MAX_MONTHS = 120;

  public Period {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    if (to.isBefore(from)) {
      throw ApiException.invalid("the period ends before it starts: " + from + " to " + to);
    }
    if (from.plusMonths(MAX_MONTHS).isBefore(to)) {
      throw ApiException.invalid("a period covers at most " + MAX_MONTHS + " months");
    }
  }

  /** Parses {@code YYYY-MM} texts; missing ones default to January to the month of {@code today}. */
  public static Period parse(String from, String to, LocalDate today) {
    YearMonth t = blank(to) ? YearMonth.from(today) : month(to, "to");
    YearMonth f = blank(from) ? YearMonth.of(t.getYear(), 1) : month(from, "from");
    return new Period(f, t);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static YearMonth month(String s, String name) {
    try {
      return YearMonth.parse(s.strip());
    } catch (DateTimeException e) {
      throw ApiException.invalid(name + " is not a month (YYYY-MM): " + s);
    }
  }

  /** First month as stored, {@code YYYY-MM}. */
  public String fromKey() {
    return from.toString();
  }

  /** Last month as stored. */
  public String toKey() {
    return to.toString();
  }

  /** First day. */
  public LocalDate start() {
    return from.atDay(1);
  }

  /** Last day. */
  public LocalDate end() {
    return to.atEndOfMonth();
  }

  /** Every month of the period, in order. */
  public java.util.List<YearMonth> months() {
    java.util.List<YearMonth> out = new java.util.ArrayList<>();
    for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
      out.add(m);
    }
    return out;
  }
}
