package no.klipp.server.web;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The dates a client may name: {@link #EARLIEST} to {@link #YEARS_AHEAD} years after today. A date
 * outside is a typo, and near java.time's limits (year ±999,999,999) it overflows the arithmetic
 * done with it or the database's date range; so every date of a request is held to this window
 * where it is parsed.
 */
public final class Dates {

  /** The first date a client may name: Klipp holds nothing older. */
  public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
  /** How many years after today the last date a client may name lies. */
  public static final int YEARS_AHEAD = 5;

  private Dates() {}

  /** The last date a client may name on {@code today}. */
  public static LocalDate latest(LocalDate today) {
    return today.plusYears(YEARS_AHEAD);
  }

  /** {@code text} ({@code YYYY-MM-DD}) as a date inside the window; anything else is a 400 that names {@code field}. */
  public static LocalDate parse(String text, String field, LocalDate today) {
    LocalDate date;
    try {
      date = LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw ApiException.invalid(field + " is not a date (YYYY-MM-DD): " + text);
    }
    return within(date, field, today);
  }

  /** {@code date} if it is null or inside the window; otherwise a 400 that names {@code field}. */
  public static LocalDate within(LocalDate date, String field, LocalDate today) {
    Check.that(date == null || !date.isBefore(EARLIEST) && !date.isAfter(latest(today)),
        field + " must be " + EARLIEST + ".." + latest(today) + ": " + date);
    return date;
  }
}
