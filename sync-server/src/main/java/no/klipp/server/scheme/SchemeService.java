package no.klipp.server.scheme;

import java.time.Clock;
import java.util.List;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.db.DataAccessException;
import no.klipp.server.db.Database;
import no.klipp.server.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating and changing schemes, and rotating their issuing keys. */
public final class SchemeService {

  private static final Logger log = LoggerFactory.getLogger(SchemeService.class);

  private final Database db;
  private final SchemeRepository schemes;
  private final IssuerKeys keys;
  private final Clock clock;

  public SchemeService(Database db, SchemeRepository schemes, IssuerKeys keys, Clock clock) {
    this.db = db;
    this.schemes = schemes;
    this.keys = keys;
    this.clock = clock;
  }

  /** Creates a scheme with its first issuing key. */
  public Scheme create(SchemeRequest request) {
    SchemeRequest s = request.validated();
    try {
      return db.transaction(sql -> {
        long change = ChangeCounter.next(sql);
        long id = schemes.insert(sql, s, clock.instant(), change);
        keys.create(sql, id, clock.instant(), change);
        log.info("Scheme {} created", id);
        return schemes.find(sql, id).orElseThrow();
      });
    } catch (DataAccessException e) {
      if (e.isUniqueViolation()) {
        throw ApiException.conflict("a scheme named '" + s.name() + "' exists");
      }
      throw e;
    }
  }

  /** The scheme with this name. */
  public java.util.Optional<Scheme> byName(String name) {
    return db.read(sql -> schemes.byName(sql, name));
  }

  public Scheme get(long id) {
    return db.read(sql -> schemes.find(sql, id)).orElseThrow(() -> ApiException.notFound("scheme " + id));
  }

  /** Replaces the scheme's settings. */
  public Scheme update(long id, SchemeRequest request) {
    SchemeRequest s = request.validated();
    try {
      return db.transaction(sql -> {
        if (!schemes.update(sql, id, s, ChangeCounter.next(sql))) {
          throw ApiException.notFound("scheme " + id);
        }
        return schemes.find(sql, id).orElseThrow();
      });
    } catch (DataAccessException e) {
      if (e.isUniqueViolation()) {
        throw ApiException.conflict("a scheme named '" + s.name() + "' exists");
      }
      throw e;
    }
  }

  /** Public issuing keys of the scheme. */
  public List<IssuerPublicKey> keys(long id) {
    get(id);
    return db.read(sql -> keys.publicKeys(sql, id));
  }

  /** Adds a new active issuing key; cards signed with older keys stay valid. */
  public IssuerPublicKey rotateKey(long id) {
    get(id);
    int keyId = db.transaction(sql -> keys.create(sql, id, clock.instant(), ChangeCounter.next(sql)));
    log.info("Scheme {} now issues with key {}", id, keyId);
    return keys(id).stream().filter(k -> k.keyId() == keyId).findFirst().orElseThrow();
  }

  /** A retired key and how many of the scheme's active cards it signed: those to replace. */
  public record KeyRetired(int keyId, long cardsToReplace) {}

  /**
   * Retires a key the scheme no longer trusts (its private half leaked): terminals delete it at
   * their next sync and refuse the cards it signed, until each is replaced with a new credential.
   */
  public KeyRetired retireKey(long id, int keyId) {
    get(id);
    boolean retired = db.transaction(sql -> keys.retire(sql, id, keyId, clock.instant(), ChangeCounter.next(sql)));
    if (retired) {
      log.warn("Scheme {} retired issuing key {}: its cards are refused until replaced", id, keyId);
    }
    return db.read(sql -> new KeyRetired(keyId, sql.one("SELECT COUNT(*) AS n FROM card WHERE scheme_id = ?"
        + " AND key_id = ? AND status = 'ACTIVE'", r -> r.longValue("n"), id, keyId).orElseThrow()));
  }
}
