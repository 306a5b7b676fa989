package no.klipp.protocol.sync;

import java.time.DayOfWeek;
import java.time.LocalTime;

/** One opening interval on a weekday; {@code closes} after {@code opens}, in the venue's time zone. */
public record OpeningHours(DayOfWeek day, LocalTime opens, LocalTime closes) {}
