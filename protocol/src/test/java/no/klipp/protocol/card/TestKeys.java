package no.klipp.protocol.card;

import java.util.Arrays;

/**
 * Fixed issuing keys for tests and test vectors only. Their seeds are public by design; no real
 * scheme ever uses them.
 */
public final class TestKeys {

  /** Scheme of the test vectors (a made-up municipality number). */
  public static final long SCHEME = 4242;
  /** Another scheme, for cross-scheme tests. */
  public static final long OTHER_SCHEME = 4243;

  private TestKeys() {}

  /** The test key {@code keyId} of {@code schemeId}, derived from a public, fixed seed. */
  public static IssuingKey key(long schemeId, int keyId) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) (0x40 + keyId));
    seed[0] = (byte) schemeId;
    seed[1] = (byte) (schemeId >> 8);
    return IssuingKey.fromSeed(schemeId, keyId, seed);
  }
}
