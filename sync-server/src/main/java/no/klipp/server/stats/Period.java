package no.klipp.server.stats;

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

  /** Days after a month ends before its figures are published: terminals offline for days upload late. */
  public static final int SETTLE_DAYS = 7;
  /** The first year statistics can be asked for. */
  public static final int FIRST_YEAR = 2000;

  /**
   * The published statistics of {@code year} on {@code today}: January to December, or to the last
   * month that has ended and settled ({@link #lastPublished}). Statistics are published for whole
   * calendar years only, never for ranges a reader picks: two ranges that differ by one month would
   * give that month's figures by subtraction, however well each is protected on its own. (Each year
   * grows a month at a time; StatsService hides a row whenever one of its months alone would be small.)
   */
  public static Period ofYear(int year, LocalDate today) {
    YearMonth last = lastPublished(today);
    if (year < FIRST_YEAR || year > last.getYear()) {
      throw ApiException.invalid("statistics are published for " + FIRST_YEAR + " to " + last.getYear()
          + " (whole months, " + SETTLE_DAYS + " days after they end): " + year);
    }
    return new Period(YearMonth.of(year, 1), year == last.getYear() ? last : YearMonth.of(year, 12));
  }

  /** The year in {@code text} ({@code YYYY}), or when it is blank the latest year with a published month. */
  public static Period parseYear(String text, LocalDate today) {
    if (blank(text)) {
      return ofYear(lastPublished(today).getYear(), today);
    }
    try {
      return ofYear(Integer.parseInt(text.strip()), today);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("year is not a year (YYYY): " + text);
    }
  }

  /** The last month whose figures are published on {@code today}: it ended {@link #SETTLE_DAYS} days ago or more. */
  public static YearMonth lastPublished(LocalDate today) {
    return YearMonth.from(today.minusDays(SETTLE_DAYS)).minusMonths(1);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
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
