package no.klipp.protocol.sync;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;

/**
 * The period a quota counts over. Both the terminal and the server name periods by
 * {@link #key}, so counts from different places add up.
 */
public enum QuotaPeriod {
  /** January to December. */
  CALENDAR_YEAR,
  /** A year from the card's valid-from date, renewed each anniversary. */
  CARD_YEAR,
  /** A calendar month. */
  MONTH,
  /** An ISO week, Monday to Sunday. */
  WEEK,
  /** A single day. */
  DAY;

  /** The name of the period that contains {@code date}, e.g. {@code 2026}, {@code 2026-11}, {@code 2026-W47}. */
  public String key(LocalDate date, LocalDate cardValidFrom) {
    Objects.requireNonNull(date, "date == null");
    return switch (this) {
      case CALENDAR_YEAR -> Integer.toString(date.getYear());
      case CARD_YEAR -> "C" + start(date, cardValidFrom);
      case MONTH -> String.format(Locale.ROOT, "%04d-%02d", date.getYear(), date.getMonthValue());
      case WEEK -> String.format(Locale.ROOT, "%04d-W%02d",
          date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case DAY -> date.toString();
    };
  }

  /** The first day of the period that contains {@code date}. */
  public LocalDate start(LocalDate date, LocalDate cardValidFrom) {
    return switch (this) {
      case CALENDAR_YEAR -> date.withDayOfYear(1);
      case CARD_YEAR -> {
        Objects.requireNonNull(cardValidFrom, "cardValidFrom == null for CARD_YEAR");
        LocalDate start = cardValidFrom;
        if (!date.isBefore(start)) {
          int years = date.getYear() - cardValidFrom.getYear();
          start = cardValidFrom.plusYears(years);
          if (start.isAfter(date)) {
            // From valid-from again, not start.minusYears(1): from a 29 February that gave 28
            // February of a leap year, one card year under two keys (split at New Year).
            start = cardValidFrom.plusYears(years - 1);
          }
        }
        yield start;
      }
      case MONTH -> date.withDayOfMonth(1);
      case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case DAY -> date;
    };
  }
}
