package no.klipp.server.dashboard;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import no.klipp.server.auth.Tokens;

/**
 * A session's CSRF token as pages carry it: masked with fresh random bytes in every response.
 * Pages are gzipped and may reflect what an attacker sent; a token that stood the same in every
 * response could be read from the compressed sizes byte by byte (BREACH). Masked, it never repeats.
 */
final class Csrf {

  private static final int SIZE = 32;

  private final Tokens tokens;

  Csrf(Tokens tokens) {
    this.tokens = tokens;
  }

  /** A fresh masked form of the session's token: base64url(r || r XOR token), r random. */
  String masked(String sessionToken) {
    byte[] secret = secret(sessionToken);
    byte[] pad = tokens.bytes(SIZE);
    byte[] out = new byte[2 * SIZE];
    for (int i = 0; i < SIZE; i++) {
      out[i] = pad[i];
      out[SIZE + i] = (byte) (pad[i] ^ secret[i]);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /** Whether {@code presented} is a masked form of the session's token; the bare token is not. */
  static boolean accepts(String presented, String sessionToken) {
    if (presented == null || sessionToken == null) {
      return false;
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(presented);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (raw.length != 2 * SIZE) {
      return false;
    }
    byte[] unmasked = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      unmasked[i] = (byte) (raw[i] ^ raw[SIZE + i]);
    }
    return MessageDigest.isEqual(unmasked, secret(sessionToken));
  }

  /** The session's unmasked token: derived from its secret session token, so nothing more is stored. */
  private static byte[] secret(String sessionToken) {
    return HexFormat.of().parseHex(Tokens.hash("csrf|" + sessionToken));
  }
}
