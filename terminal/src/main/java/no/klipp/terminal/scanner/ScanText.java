package no.klipp.terminal.scanner;

import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import no.klipp.terminal.scan.Scan;

/**
 * What a line means. From standard input or a file: a card number, a QR code's text, or (to
 * simulate a tap without a reader) {@code nfc:<payload hex>:<uid hex>}. From a hand scanner: only
 * the text of the code it read ({@link #code}).
 */
public final class ScanText {

  /** Longer lines are garbage (a credential's text is 124 characters); they are dropped. */
  public static final int MAX_LENGTH = 512;

  // A card number as printed (1234 5678 90) or typed, with optional spaces or dashes between digits.
  private static final Pattern CARD_NUMBER = Pattern.compile("\\d(?:[ -]?\\d){9}");

  private ScanText() {}

  /** The scan {@code line} holds; empty for a blank or overlong line. Never throws. */
  public static Optional<Scan> parse(String line) {
    Optional<String> stripped = stripped(line);
    if (stripped.isEmpty()) {
      return Optional.empty();
    }
    String text = stripped.get();
    if (text.regionMatches(true, 0, "nfc:", 0, 4)) {
      String[] parts = text.split(":", -1);
      if (parts.length == 3) {
        try {
          HexFormat hex = HexFormat.of();
          return Optional.of(new Scan.Nfc(hex.parseHex(parts[1]), hex.parseHex(parts[2])));
        } catch (IllegalArgumentException e) {
          // Not hexadecimal: taken as a QR code's text below, which validation will refuse.
        }
      }
    }
    if (CARD_NUMBER.matcher(text).matches()) {
      return Optional.of(new Scan.Typed(text.replaceAll("[ -]", "")));
    }
    return Optional.of(new Scan.Qr(text));
  }

  /**
   * The scan a hand scanner's {@code line} holds: the code's text, whatever it says. Anyone can
   * print a code holding a card number (printed on every card) or a tag's payload and UID, so a
   * scanned code is never taken as staff typing a number (refused at an unattended entrance) nor
   * as a tap on the NFC reader; it has to verify as a credential. Empty for a blank or overlong line.
   */
  public static Optional<Scan> code(String line) {
    return stripped(line).map(Scan.Qr::new);
  }

  private static Optional<String> stripped(String line) {
    if (line == null) {
      return Optional.empty();
    }
    String text = line.strip();
    if (text.isEmpty() || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(text);
  }
}
