package no.klipp.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Locale;

/** Validation of request fields; every failure is a 400 that says which field and why. */
public final class Check {

  private Check() {}

  /** Fails with {@code message} unless {@code condition}. */
  public static void that(boolean condition, String message) {
    if (!condition) {
      throw ApiException.invalid(message);
    }
  }

  /** A present, non-blank text of at most {@code max} characters, trimmed, without control characters. */
  public static String text(String value, String field, int max) {
    that(value != null && !value.isBlank(), field + " is required");
    String t = value.strip();
    that(t.length() <= max, field + " is longer than " + max + " characters");
    // PostgreSQL refuses a NUL in text (a 500 there); no name or reason needs a tab or a line break.
    that(t.chars().noneMatch(Character::isISOControl), field + " contains control characters");
    return t;
  }

  /** A present value. */
  public static <T> T present(T value, String field) {
    that(value != null, field + " is required");
    return value;
  }

  /**
   * A JSON boolean; {@code absent} when the field is missing or null. Anything else (1, "true") is a
   * 400: a flag that decides what a terminal is told is not guessed from another type.
   */
  public static boolean flag(JsonNode value, String field, boolean absent) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return absent;
    }
    // The node's type, not its text: the message goes back whole, whatever was sent.
    that(value.isBoolean(),
        field + " must be true or false (got " + value.getNodeType().name().toLowerCase(Locale.ROOT) + ")");
    return value.booleanValue();
  }

  /** An int in {@code min..max}. */
  public static int range(int value, int min, int max, String field) {
    that(value >= min && value <= max, field + " must be " + min + ".." + max + ": " + value);
    return value;
  }

  /** A collection of at most {@code max} items. */
  public static <C extends Collection<?>> C size(C values, int max, String field) {
    that(values != null, field + " is required");
    that(values.size() <= max, field + " has more than " + max + " items");
    return values;
  }
}
