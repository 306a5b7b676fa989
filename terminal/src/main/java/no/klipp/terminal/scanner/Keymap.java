package no.klipp.terminal.scanner;

/**
 * Linux key codes to characters, for the keyboard layout the hand scanner is set to. US is the
 * factory default of most scanners; a scanner set to Norwegian types the same text with other keys.
 * Both reach every character of a credential (Base45 plus "KL1:").
 */
public enum Keymap {
  /** US English. */
  US,
  /** Norwegian. */
  NO;

  static final int KEY_ENTER = 28;
  static final int KEY_KPENTER = 96;
  static final int KEY_LEFTSHIFT = 42;
  static final int KEY_RIGHTSHIFT = 54;
  static final int KEY_RIGHTALT = 100;

  private final char[] plain = new char[128];
  private final char[] shifted = new char[128];
  private final char[] altGr = new char[128];

  static {
    for (Keymap map : values()) {
      map.row(16, "qwertyuiop", "QWERTYUIOP");
      map.row(30, "asdfghjkl", "ASDFGHJKL");
      map.row(44, "zxcvbnm", "ZXCVBNM");
      map.row(55, "*", "*");
      map.row(57, " ", " ");
      map.row(71, "789-456+1230.", "789-456+1230.");
      map.row(98, "/", "/");
    }
    US.row(2, "1234567890-=", "!@#$%^&*()_+");
    US.row(26, "[]", "{}");
    US.row(39, ";'`", ":\"~");
    US.row(43, "\\", "|");
    US.row(51, ",./", "<>?");
    NO.row(2, "1234567890+\\", "!\"#¤%&/()=?`");
    NO.row(26, "å", "Å");
    NO.row(39, "øæ|", "ØÆ§");
    NO.row(43, "'", "*");
    NO.row(51, ",.-", ";:_");
    NO.row(86, "<", ">");
    NO.altGr(3, "@£$€");
    NO.altGr(8, "{[]}");
  }

  private void row(int first, String plainChars, String shiftedChars) {
    for (int i = 0; i < plainChars.length(); i++) {
      plain[first + i] = plainChars.charAt(i);
      shifted[first + i] = shiftedChars.charAt(i);
    }
  }

  private void altGr(int first, String chars) {
    for (int i = 0; i < chars.length(); i++) {
      altGr[first + i] = chars.charAt(i);
    }
  }

  /** The character of key {@code code}, or 0 for a key that types none (F-keys, arrows...). */
  char character(int code, boolean shift, boolean altGraph) {
    if (code < 0 || code >= plain.length) {
      return 0;
    }
    if (altGraph) {
      return altGr[code];
    }
    return shift ? shifted[code] : plain[code];
  }

  /** {@link #character(int, boolean, boolean)} without AltGr. */
  char character(int code, boolean shift) {
    return character(code, shift, false);
  }
}
