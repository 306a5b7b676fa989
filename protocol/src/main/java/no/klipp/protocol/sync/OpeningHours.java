package no.klipp.protocol.sync;

import java.time.DayOfWeek;
import java.time.LocalTime;

/**
 * One opening interval on a weekday, in the venue's time zone: from {@code opens} up to
 * {@code closes}, which is after it, or 00:00 for a venue open until midnight (the end of the day).
 */
public record OpeningHours(DayOfWeek day, LocalTime opens, LocalTime closes) {

  /** Whether the interval is one a venue can have: complete, and closing after it opens. */
  public boolean possible() {
    return day != null && opens != null && closes != null
        && (closes.isAfter(opens) || (closes.equals(LocalTime.MIDNIGHT) && !opens.equals(LocalTime.MIDNIGHT)));
  }

  /** Whether {@code time} on the interval's day falls in it. */
  public boolean covers(LocalTime time) {
    return !time.isBefore(opens) && (closes.equals(LocalTime.MIDNIGHT) || time.isBefore(closes));
  }
}
