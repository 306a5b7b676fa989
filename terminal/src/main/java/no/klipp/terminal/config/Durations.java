package no.klipp.terminal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the configuration files write them: {@code 250ms}, {@code 3s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601. */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** The longest duration a setting may name; anything longer is a typing mistake, and overflows instants. */
  public static final Duration MAX = Duration.ofDays(366);

  private Durations() {}

  /** The duration {@code text} names, or empty when it names none (null included) or one longer than {@link #MAX}. */
  public static Optional<Duration> parse(String text) {
    return parseAnyLength(text).filter(d -> d.compareTo(MAX) <= 0);
  }

  private static Optional<Duration> parseAnyLength(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SHORT.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      // Any digit run matches, so the number and the duration it makes can both overflow.
      try {
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
      } catch (NumberFormatException | ArithmeticException e) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(Duration.parse(text.strip().toUpperCase(Locale.ROOT)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
