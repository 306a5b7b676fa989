package no.klipp.protocol.card;

import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * The issuing public keys a verifier trusts, by scheme and key id. Several keys of one scheme may
 * be valid at once, so cards signed before a key rotation keep working.
 */
public final class IssuerKeyring {

  /** One trusted key: the scheme it signs for, its id within the scheme, the 32-byte public key. */
  public record Entry(long schemeId, int keyId, byte[] publicKey) {
    public Entry {
      // The ranges a credential can name (4-byte scheme, 1-byte key id); they also keep slot() injective.
      if (schemeId < 0 || schemeId > Credential.MAX_SCHEME_ID) {
        throw new IllegalArgumentException("schemeId out of range: " + schemeId);
      }
      if (keyId < 0 || keyId > Credential.MAX_KEY_ID) {
        throw new IllegalArgumentException("keyId out of range: " + keyId);
      }
      Objects.requireNonNull(publicKey, "publicKey == null");
      if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
        throw new IllegalArgumentException("Ed25519 public key must be 32 bytes: " + publicKey.length);
      }
      publicKey = publicKey.clone();
      // Here, not first in of(): 32 bytes that are no point of the curve would otherwise pass every
      // check of an entry and fail only when a keyring is built, refusing every key with it.
      new Ed25519PublicKeyParameters(publicKey, 0);
    }

    /** An entry from a Base64 public key, as the ledger snapshot carries it. */
    public static Entry ofBase64(long schemeId, int keyId, String publicKeyBase64) {
      return new Entry(schemeId, keyId, Base64.getDecoder().decode(publicKeyBase64));
    }

    /** The public key in Base64. */
    public String publicKeyBase64() {
      return Base64.getEncoder().encodeToString(publicKey);
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }
  }

  private final Map<Long, Ed25519PublicKeyParameters> keys;

  private IssuerKeyring(Map<Long, Ed25519PublicKeyParameters> keys) {
    this.keys = keys;
  }

  /** A keyring holding exactly these keys. */
  public static IssuerKeyring of(Collection<Entry> entries) {
    Map<Long, Ed25519PublicKeyParameters> keys = new HashMap<>();
    for (Entry e : entries) {
      if (keys.put(slot(e.schemeId(), e.keyId()), new Ed25519PublicKeyParameters(e.publicKey, 0)) != null) {
        throw new IllegalArgumentException("duplicate key " + e.keyId() + " for scheme " + e.schemeId());
      }
    }
    return new IssuerKeyring(Map.copyOf(keys));
  }

  /** A keyring holding these keys. */
  public static IssuerKeyring of(Entry... entries) {
    return of(List.of(entries));
  }

  Optional<Ed25519PublicKeyParameters> find(long schemeId, int keyId) {
    if (schemeId < 0 || schemeId > Credential.MAX_SCHEME_ID || keyId < 0 || keyId > Credential.MAX_KEY_ID) {
      return Optional.empty();
    }
    return Optional.ofNullable(keys.get(slot(schemeId, keyId)));
  }

  /** Number of trusted keys. */
  public int size() {
    return keys.size();
  }

  /**
   * One long per (scheme, key id), so a look-up during verification needs no key object. Injective
   * only because both are range-checked: the scheme fits 32 bits and the key id the low 8.
   */
  private static long slot(long schemeId, int keyId) {
    return (schemeId << 8) | keyId;
  }
}
