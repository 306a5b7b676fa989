package no.klipp.protocol.card;

import java.util.Arrays;

/**
 * Base45 (RFC 9285): bytes as text in the QR code's alphanumeric character set, as the EU digital
 * COVID certificate uses it, so a QR code holds them in alphanumeric mode.
 */
public final class Base45 {

  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUES[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private Base45() {}

  /** Encodes bytes as Base45 text. */
  public static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length / 2) * 3 + 2);
    int i = 0;
    for (; i + 1 < data.length; i += 2) {
      int n = ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
      out.append(ALPHABET.charAt(n % 45));
      out.append(ALPHABET.charAt((n / 45) % 45));
      out.append(ALPHABET.charAt(n / 2025));
    }
    if (i < data.length) {
      int n = data[i] & 0xff;
      out.append(ALPHABET.charAt(n % 45));
      out.append(ALPHABET.charAt(n / 45));
    }
    return out.toString();
  }

  /** The number of bytes {@code chars} Base45 characters decode to, or -1 if no text has that length. */
  public static int decodedLength(int chars) {
    if (chars < 0 || chars % 3 == 1) {
      return -1;
    }
    return (chars / 3) * 2 + (chars % 3 == 2 ? 1 : 0);
  }

  /**
   * Decodes {@code text[from, to)} into {@code out}, which must hold {@link #decodedLength} bytes.
   * Returns false, leaving {@code out} in an unspecified state, when the text is not Base45.
   */
  public static boolean decode(CharSequence text, int from, int to, byte[] out) {
    int chars = to - from;
    int expected = decodedLength(chars);
    if (expected < 0 || out.length < expected) {
      return false;
    }
    int o = 0;
    int i = from;
    for (; i + 2 < to; i += 3) {
      int c = value(text.charAt(i));
      int d = value(text.charAt(i + 1));
      int e = value(text.charAt(i + 2));
      if ((c | d | e) < 0) {
        return false;
      }
      int n = c + d * 45 + e * 2025;
      if (n > 0xffff) {
        return false;
      }
      out[o++] = (byte) (n >> 8);
      out[o++] = (byte) n;
    }
    if (i < to) {
      int c = value(text.charAt(i));
      int d = value(text.charAt(i + 1));
      if ((c | d) < 0) {
        return false;
      }
      int n = c + d * 45;
      if (n > 0xff) {
        return false;
      }
      out[o] = (byte) n;
    }
    return true;
  }

  private static int value(char c) {
    return c < 128 ? VALUES[c] : -1;
  }
}
