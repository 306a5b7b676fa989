package no.klipp.terminal.cli;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import no.klipp.terminal.scan.Scan;

/**
 * One line of {@code terminal validate}'s input: a QR code's text, a typed card number,
 * {@code nfc:<payloadhex>:<uidhex>}, or a staff action ({@code undo}, {@code companions:N}) on the
 * last admission. Parsing is total.
 */
sealed interface InputLine {

  /** Longer lines are not scans; they are reported as invalid without being read further. */
  int MAX_LENGTH = 4096;

  record ScanLine(Scan scan) implements InputLine {}

  record Invalid(String detail) implements InputLine {}

  record Undo() implements InputLine {}

  record Companions(int count) implements InputLine {}

  Pattern CARD_NUMBER = Pattern.compile("\\d(?:[ -]?\\d){9}");
  Pattern COMPANIONS = Pattern.compile("(?:companions:|\\+)(\\d{1,2})");

  static InputLine parse(String raw) {
    String text = raw.strip();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("nfc:")) {
      String[] parts = text.split(":", -1);
      if (parts.length != 3) {
        return new Invalid("nfc input is nfc:<payloadhex>:<uidhex>");
      }
      try {
        return new ScanLine(new Scan.Nfc(HexFormat.of().parseHex(parts[1]), HexFormat.of().parseHex(parts[2])));
      } catch (IllegalArgumentException e) {
        return new Invalid("nfc payload and uid must be hexadecimal");
      }
    }
    if (lower.equals("undo")) {
      return new Undo();
    }
    var companions = COMPANIONS.matcher(lower);
    if (companions.matches()) {
      return new Companions(Integer.parseInt(companions.group(1)));
    }
    if (CARD_NUMBER.matcher(text).matches()) {
      return new ScanLine(new Scan.Typed(text));
    }
    return new ScanLine(new Scan.Qr(text));
  }
}
