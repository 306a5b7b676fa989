package no.klipp.server.scheme;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.IssuingKey;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.protocol.sync.RetiredIssuerKey;
import no.klipp.server.db.Sql;
import no.klipp.server.web.ApiException;

/**
 * Each scheme's Ed25519 issuing keys in {@code issuer_key}: the private seed sealed with the
 * {@link MasterKey}, the public key in the clear for terminals. One key is active for new
 * credentials; rotating adds a new active key and keeps the old ones trusted, so printed cards
 * keep working. A key whose private half leaked is retired: no longer sent to terminals (deltas
 * tell them to delete it) and no longer used to sign.
 */
public final class IssuerKeys {

  private final MasterKey masterKey;
  private final SecureRandom random;
  private final Map<Long, IssuingKey> opened = new ConcurrentHashMap<>();

  public IssuerKeys(MasterKey masterKey, SecureRandom random) {
    this.masterKey = masterKey;
    this.random = random;
  }

  /** Makes a new key for the scheme and makes it the active one; answers its key id. */
  public int create(Sql sql, long schemeId, Instant now, long changeSeq) throws SQLException {
    int keyId = sql.one("SELECT COALESCE(MAX(key_id), 0) + 1 AS next FROM issuer_key WHERE scheme_id = ?",
        r -> r.intValue("next"), schemeId).orElseThrow();
    if (keyId > Credential.MAX_KEY_ID) {
      throw ApiException.conflict("scheme " + schemeId + " has used all " + Credential.MAX_KEY_ID + " key ids");
    }
    IssuingKey key = IssuingKey.generate(schemeId, keyId, random);
    sql.update("UPDATE issuer_key SET active = FALSE WHERE scheme_id = ?", schemeId);
    sql.update("INSERT INTO issuer_key (scheme_id, key_id, public_key, sealed_seed, active, created_at, change_seq)"
            + " VALUES (?, ?, ?, ?, TRUE, ?, ?)",
        schemeId, keyId, key.publicEntry().publicKeyBase64(), masterKey.seal(key.seed()), now, changeSeq);
    return keyId;
  }

  /** The key new credentials of the scheme are signed with. */
  public IssuingKey active(Sql sql, long schemeId) throws SQLException {
    int keyId = sql.one("SELECT key_id FROM issuer_key WHERE scheme_id = ? AND active = TRUE",
            r -> r.intValue("key_id"), schemeId)
        .orElseThrow(() -> new IllegalStateException("scheme " + schemeId + " has no active issuing key"));
    return key(sql, schemeId, keyId);
  }

  /** True when the scheme's key {@code keyId} is retired: what it signs is refused. */
  public boolean retired(Sql sql, long schemeId, int keyId) throws SQLException {
    return sql.one("SELECT retired_at FROM issuer_key WHERE scheme_id = ? AND key_id = ?",
        r -> r.instant("retired_at") != null, schemeId, keyId).orElse(false);
  }

  /**
   * A scheme's key by id, to re-sign a stored credential (signatures are deterministic), retired or
   * not: callers that hand a credential out check {@link #retired} first.
   */
  public IssuingKey key(Sql sql, long schemeId, int keyId) throws SQLException {
    long slot = (schemeId << 8) | keyId;
    IssuingKey cached = opened.get(slot);
    if (cached != null) {
      return cached;
    }
    String sealed = sql.one("SELECT sealed_seed FROM issuer_key WHERE scheme_id = ? AND key_id = ?",
            r -> r.string("sealed_seed"), schemeId, keyId)
        .orElseThrow(() -> new IllegalStateException("no key " + keyId + " for scheme " + schemeId));
    IssuingKey key = IssuingKey.fromSeed(schemeId, keyId, masterKey.open(sealed));
    opened.put(slot, key);
    return key;
  }

  /**
   * Retires an inactive key of the scheme (the active one must be rotated away first); false when
   * it was retired already. Cards signed with it are refused by terminals from their next sync.
   */
  public boolean retire(Sql sql, long schemeId, int keyId, Instant now, long changeSeq) throws SQLException {
    record State(boolean active, boolean retired) {}
    State state = sql.one("SELECT active, retired_at FROM issuer_key WHERE scheme_id = ? AND key_id = ?",
            r -> new State(r.bool("active"), r.instant("retired_at") != null), schemeId, keyId)
        .orElseThrow(() -> ApiException.notFound("key " + keyId + " of scheme " + schemeId));
    if (state.retired()) {
      return false;
    }
    if (state.active()) {
      throw ApiException.conflict("key " + keyId + " signs the scheme's new cards: rotate to a new key first");
    }
    sql.update("UPDATE issuer_key SET retired_at = ?, change_seq = ? WHERE scheme_id = ? AND key_id = ?", now,
        changeSeq, schemeId, keyId);
    return true;
  }

  /** Keys retired after change {@code since}, up to {@code upTo}. */
  public List<RetiredIssuerKey> retiredAfter(Sql sql, long schemeId, long since, long upTo) throws SQLException {
    return sql.list("SELECT scheme_id, key_id FROM issuer_key WHERE scheme_id = ? AND retired_at IS NOT NULL"
            + " AND change_seq > ? AND change_seq <= ? ORDER BY key_id",
        r -> new RetiredIssuerKey(r.longValue("scheme_id"), r.intValue("key_id")), schemeId, since, upTo);
  }

  /** The trusted (not retired) public keys of a scheme, oldest first. */
  public List<IssuerPublicKey> publicKeys(Sql sql, long schemeId) throws SQLException {
    return sql.list("SELECT scheme_id, key_id, public_key FROM issuer_key WHERE scheme_id = ? AND retired_at IS NULL"
            + " ORDER BY key_id",
        r -> new IssuerPublicKey(r.longValue("scheme_id"), r.intValue("key_id"), r.string("public_key")), schemeId);
  }

  /** Trusted public keys added after change {@code since}. */
  public List<IssuerPublicKey> publicKeysAfter(Sql sql, long schemeId, long since, long upTo) throws SQLException {
    return sql.list("SELECT scheme_id, key_id, public_key FROM issuer_key WHERE scheme_id = ? AND retired_at IS NULL"
            + " AND change_seq > ? AND change_seq <= ? ORDER BY key_id",
        r -> new IssuerPublicKey(r.longValue("scheme_id"), r.intValue("key_id"), r.string("public_key")),
        schemeId, since, upTo);
  }
}
