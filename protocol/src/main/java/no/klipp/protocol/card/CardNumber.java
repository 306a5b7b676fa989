package no.klipp.protocol.card;

import java.util.Locale;
import java.util.Optional;

/**
 * A card number staff can type: nine digits and a Damm check digit, shown as {@code 1234 5678 90}.
 *
 * <p>The Damm check digit catches every single wrong digit and every swap of two neighbouring
 * digits, which Luhn does not (it misses 09 and 90).
 */
public record CardNumber(String digits) {

  /** Number of digits including the check digit. */
  public static final int LENGTH = 10;
  /** Exclusive upper bound of the numeric value. */
  public static final long LIMIT = 10_000_000_000L;

  private static final int[][] DAMM = {
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
    {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
    {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
    {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
    {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
    {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
    {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}
  };

  public CardNumber {
    if (!isValid(digits)) {
      throw new IllegalArgumentException("not a valid card number: " + digits);
    }
  }

  /** The card number whose first nine digits are {@code serial}, with its check digit appended. */
  public static CardNumber fromSerial(long serial) {
    if (serial < 0 || serial >= LIMIT / 10) {
      throw new IllegalArgumentException("serial out of range: " + serial);
    }
    String body = String.format(Locale.ROOT, "%09d", serial);
    return new CardNumber(body + checkDigit(body));
  }

  /** The card number with this numeric value, if its check digit is right. */
  public static Optional<CardNumber> fromValue(long value) {
    if (value < 0 || value >= LIMIT) {
      return Optional.empty();
    }
    return parse(String.format(Locale.ROOT, "%010d", value));
  }

  /**
   * Parses what staff typed or a scanner sent: digits with optional spaces or dashes between them.
   * Empty when it is not ten digits with a correct check digit.
   */
  public static Optional<CardNumber> parse(CharSequence typed) {
    if (typed == null || typed.length() > 32) {
      return Optional.empty();
    }
    StringBuilder digits = new StringBuilder(LENGTH);
    for (int i = 0; i < typed.length(); i++) {
      char c = typed.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits.length() == LENGTH) {
          return Optional.empty();
        }
        digits.append(c);
      } else if (c != ' ' && c != '-') {
        return Optional.empty();
      }
    }
    String s = digits.toString();
    return isValid(s) ? Optional.of(new CardNumber(s)) : Optional.empty();
  }

  /** True when {@code digits} is exactly ten ASCII digits whose Damm checksum is zero. */
  public static boolean isValid(String digits) {
    if (digits == null || digits.length() != LENGTH) {
      return false;
    }
    int interim = 0;
    for (int i = 0; i < LENGTH; i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      interim = DAMM[interim][c - '0'];
    }
    return interim == 0;
  }

  /** The Damm check digit for a string of digits. */
  public static char checkDigit(CharSequence body) {
    int interim = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a digit at " + i + ": " + body);
      }
      interim = DAMM[interim][c - '0'];
    }
    return (char) ('0' + interim);
  }

  /** The number as a long, for compact binary encoding. */
  public long value() {
    return Long.parseLong(digits);
  }

  /** Grouped for reading aloud and printing: {@code 1234 5678 90}. */
  public String formatted() {
    return digits.substring(0, 4) + " " + digits.substring(4, 8) + " " + digits.substring(8);
  }

  @Override
  public String toString() {
    return digits;
  }
}
