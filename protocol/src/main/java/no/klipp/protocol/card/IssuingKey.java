package no.klipp.protocol.card;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * A scheme's private Ed25519 issuing key with its key id. Lives only on the server; its
 * {@link #toString()} never shows the secret.
 */
public final class IssuingKey {

  private final long schemeId;
  private final int keyId;
  private final Ed25519PrivateKeyParameters privateKey;

  private IssuingKey(long schemeId, int keyId, Ed25519PrivateKeyParameters privateKey) {
    if (schemeId < 0 || schemeId > Credential.MAX_SCHEME_ID) {
      throw new IllegalArgumentException("schemeId out of range: " + schemeId);
    }
    if (keyId < 0 || keyId > Credential.MAX_KEY_ID) {
      throw new IllegalArgumentException("keyId out of range: " + keyId);
    }
    this.schemeId = schemeId;
    this.keyId = keyId;
    this.privateKey = privateKey;
  }

  /** A new random key, drawing from the given source of randomness. */
  public static IssuingKey generate(long schemeId, int keyId, SecureRandom random) {
    Objects.requireNonNull(random, "random == null");
    return new IssuingKey(schemeId, keyId, new Ed25519PrivateKeyParameters(random));
  }

  /** A key from its stored 32-byte seed. */
  public static IssuingKey fromSeed(long schemeId, int keyId, byte[] seed) {
    Objects.requireNonNull(seed, "seed == null");
    if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("Ed25519 seed must be 32 bytes: " + seed.length);
    }
    return new IssuingKey(schemeId, keyId, new Ed25519PrivateKeyParameters(seed, 0));
  }

  /** The scheme this key issues for. */
  public long schemeId() {
    return schemeId;
  }

  /** This key's id within its scheme. */
  public int keyId() {
    return keyId;
  }

  /** The 32-byte seed, for storing the key; handle as a secret. */
  public byte[] seed() {
    return privateKey.getEncoded();
  }

  /** The public half, as a verifier's keyring entry. */
  public IssuerKeyring.Entry publicEntry() {
    return new IssuerKeyring.Entry(schemeId, keyId, privateKey.generatePublicKey().getEncoded());
  }

  void sign(byte[] message, int length, byte[] signature, int signatureOffset) {
    privateKey.sign(
        org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519,
        null, message, 0, length, signature, signatureOffset);
  }

  @Override
  public String toString() {
    return "IssuingKey[scheme=" + schemeId + ", keyId=" + keyId + "]";
  }
}
