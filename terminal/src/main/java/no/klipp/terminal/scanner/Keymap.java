package no.klipp.terminal.scanner;

/**
 * Linux key codes to characters for the US layout, which hand scanners are set to by default and
 * which reaches every character of a credential (Base45 plus "KL1:").
 */
final class Keymap {

  static final int KEY_ENTER = 28;
  static final int KEY_KPENTER = 96;
  static final int KEY_LEFTSHIFT = 42;
  static final int KEY_RIGHTSHIFT = 54;

  private static final char[] PLAIN = new char[128];
  private static final char[] SHIFTED = new char[128];

  static {
    row(2, "1234567890-=", "!@#$%^&*()_+");
    row(16, "qwertyuiop[]", "QWERTYUIOP{}");
    row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~");
    row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?");
    row(55, "*", "*");
    row(57, " ", " ");
    row(71, "789-456+1230.", "789-456+1230.");
    row(98, "/", "/");
  }

  private Keymap() {}

  private static void row(int first, String plain, String shifted) {
    for (int i = 0; i < plain.length(); i++) {
      PLAIN[first + i] = plain.charAt(i);
      SHIFTED[first + i] = shifted.charAt(i);
    }
  }

  /** The character of key {@code code}, or 0 for a key that types none (F-keys, arrows...). */
  static char character(int code, boolean shift) {
    if (code < 0 || code >= PLAIN.length) {
      return 0;
    }
    return shift ? SHIFTED[code] : PLAIN[code];
  }
}
