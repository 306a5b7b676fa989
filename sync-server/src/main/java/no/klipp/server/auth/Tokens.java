package no.klipp.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer tokens and one-time codes. Only their SHA-256 is stored: the token has 256 random bits,
 * so a plain hash is as strong as a slow one and can be looked up by index.
 */
public final class Tokens {

  private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private final SecureRandom random;

  public Tokens(SecureRandom random) {
    this.random = random;
  }

  /** A new bearer token: 32 random bytes, URL-safe Base64. */
  public String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code count} random bytes, for values made afresh each time (a page's masked CSRF token). */
  public byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A one-time code people can type: 12 characters without look-alikes (60 bits), grouped by 4. */
  public String code() {
    StringBuilder sb = new StringBuilder(14);
    for (int i = 0; i < 12; i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append('-');
      }
      sb.append(CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)]);
    }
    return sb.toString();
  }

  /** Normalises a typed code (case, spaces, dashes) before hashing. */
  public static String normaliseCode(String code) {
    return code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * Copied for each hash: looking the algorithm up among the providers took four times as long as
   * hashing a token, and every terminal call hashes its token.
   */
  private static final MessageDigest SHA_256;

  static {
    try {
      SHA_256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The hex SHA-256 of a token or normalised code, as stored. */
  public static String hash(String secret) {
    MessageDigest sha;
    try {
      sha = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 can be copied", e);
    }
    return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** A random id with a prefix, e.g. {@code ven_3k9...}. */
  public String id(String prefix) {
    byte[] bytes = new byte[10];
    random.nextBytes(bytes);
    return prefix + "_" + HexFormat.of().formatHex(bytes);
  }
}
