package no.klipp.terminal.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.RetiredIssuerKey;
import no.klipp.protocol.sync.Revocation;
import no.klipp.protocol.sync.SchemeRules;
import no.klipp.protocol.sync.UsageCount;

/**
 * Loads a venue's {@link LedgerSnapshot} (replacing the roster, keeping every visit) or applies a
 * {@link LedgerDelta}, each in one transaction with batched inserts: all of it or nothing.
 */
public final class SnapshotImport {

  /** What a load put in the ledger. */
  public record Result(String venueId, int cards, int offers, int revocations, int usage) {}

  private static final int BATCH = 2_000;
  private final Ledger ledger;

  public SnapshotImport(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
  }

  /** Reads a snapshot file in the sync API's JSON format. */
  public static LedgerSnapshot read(Path file) {
    ObjectMapper mapper = Json.mapper();
    try (InputStream in = Files.newInputStream(file)) {
      LedgerSnapshot s = mapper.readValue(in, LedgerSnapshot.class);
      if (s == null) {
        throw new InvalidSnapshotException(file + " holds no snapshot");
      }
      return s;
    } catch (NoSuchFileException e) {
      throw new InvalidSnapshotException("no snapshot file at " + file, e);
    } catch (JsonProcessingException e) {
      throw new InvalidSnapshotException(file + " is not a ledger snapshot: " + e.getOriginalMessage()
          + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
    } catch (IOException e) {
      throw new InvalidSnapshotException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the roster with the snapshot; visits recorded here stay. {@code now}: when it was loaded. */
  public Result replace(LedgerSnapshot s, Instant now) {
    Objects.requireNonNull(s, "snapshot == null");
    if (s.venueId() == null || s.venueId().isBlank()) {
      throw new InvalidSnapshotException("snapshot: venueId missing");
    }
    if (s.scheme() == null) {
      throw new InvalidSnapshotException("snapshot: scheme missing");
    }
    check(s.scheme(), s.issuerKeys(), s.offers(), s.cards(), s.revocations(), s.usage());
    Result result = ledger.write("load the snapshot", c -> {
      try (Statement st = c.createStatement()) {
        for (String table : List.of("scheme", "issuer_key", "offer", "card", "revocation", "usage")) {
          st.executeUpdate("DELETE FROM " + table);
        }
      }
      putScheme(s.scheme());
      putKeys(s.issuerKeys());
      putOffers(s.offers());
      putCards(s.cards());
      putRevocations(s.revocations());
      putUsage(s.usage());
      ledger.putMeta(Meta.VENUE_ID, s.venueId());
      // "unknown" from a server too old to say: the ledger then does not ask for a snapshot again.
      ledger.putMeta(Meta.STAFFED, s.staffed() == null ? Meta.STAFFED_UNKNOWN : s.staffed().toString());
      putSyncMeta(s.cursor(), s.serverTime(), now);
      return new Result(s.venueId(), s.cards().size(), s.offers().size(), s.revocations().size(), s.usage().size());
    });
    ledger.rosterChanged();
    return result;
  }

  /** Applies a delta: inserts or replaces what it carries, removes withdrawn offers. */
  public Result apply(LedgerDelta d, Instant now) {
    Objects.requireNonNull(d, "delta == null");
    check(d.scheme(), d.issuerKeys(), d.offers(), d.cards(), d.revocations(), d.usage());
    Result result = ledger.write("apply the delta", c -> {
      if (d.scheme() != null) {
        putScheme(d.scheme());
      }
      putKeys(d.issuerKeys());
      // After the keys put: a key retired is gone even if a delta named it both ways.
      PreparedStatement retire = ledger.prepare("DELETE FROM issuer_key WHERE scheme_id = ? AND key_id = ?");
      for (RetiredIssuerKey k : d.retiredIssuerKeys()) {
        retire.setLong(1, k.schemeId());
        retire.setInt(2, k.keyId());
        retire.executeUpdate();
      }
      putOffers(d.offers());
      PreparedStatement remove = ledger.prepare("DELETE FROM offer WHERE id = ?");
      for (String id : d.removedOffers()) {
        remove.setString(1, id);
        remove.executeUpdate();
      }
      putCards(d.cards());
      putRevocations(d.revocations());
      putUsage(d.usage());
      putSyncMeta(d.cursor(), d.serverTime(), now);
      return new Result(ledger.meta(Meta.VENUE_ID).orElse(null), d.cards().size(), d.offers().size(),
          d.revocations().size(), d.usage().size());
    });
    ledger.rosterChanged();
    return result;
  }

  private static void check(SchemeRules scheme, List<IssuerPublicKey> keys, List<Offer> offers,
      List<CardRecord> cards, List<Revocation> revocations, List<UsageCount> usage) {
    if (scheme != null) {
      SnapshotCheck.scheme(scheme);
    }
    SnapshotCheck.keys(keys);
    SnapshotCheck.offers(offers);
    SnapshotCheck.cards(cards);
    SnapshotCheck.revocations(revocations);
    SnapshotCheck.usage(usage);
  }

  private void putSyncMeta(String cursor, Instant serverTime, Instant now) throws SQLException {
    if (cursor != null) {
      ledger.putMeta(Meta.CURSOR, cursor);
    }
    if (serverTime != null) {
      ledger.putMeta(Meta.SERVER_TIME, serverTime.toString());
    }
    ledger.putMeta(Meta.LAST_SYNC, now.toString());
  }

  private void putScheme(SchemeRules s) throws SQLException {
    PreparedStatement ps = ledger.prepare("INSERT OR REPLACE INTO scheme "
        + "(id, scheme_id, name, min_age, max_age, companions, admit_unknown, time_zone) VALUES (1, ?, ?, ?, ?, ?, ?, ?)");
    ps.setLong(1, s.schemeId());
    ps.setString(2, s.name());
    ps.setInt(3, s.minAge());
    ps.setInt(4, s.maxAge());
    ps.setInt(5, s.companions());
    ps.setInt(6, s.admitUnknownCards() ? 1 : 0);
    ps.setString(7, s.timeZone());
    ps.executeUpdate();
  }

  private void putKeys(List<IssuerPublicKey> keys) throws SQLException {
    PreparedStatement ps = ledger.prepare(
        "INSERT OR REPLACE INTO issuer_key (scheme_id, key_id, public_key) VALUES (?, ?, ?)");
    for (IssuerPublicKey k : keys) {
      ps.setLong(1, k.schemeId());
      ps.setInt(2, k.keyId());
      ps.setString(3, k.publicKey());
      ps.executeUpdate();
    }
  }

  private void putOffers(List<Offer> offers) throws SQLException {
    PreparedStatement ps = ledger.prepare("INSERT OR REPLACE INTO offer (id, venue_id, name, quota, period, "
        + "companions, valid_from, valid_until, opening_hours, capacity, targeted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (Offer o : offers) {
      ps.setString(1, o.id());
      ps.setString(2, o.venueId() == null ? "" : o.venueId());
      ps.setString(3, o.name());
      Rows.setInteger(ps, 4, o.quota());
      ps.setString(5, o.period() == null ? null : o.period().name());
      ps.setInt(6, o.companions());
      ps.setString(7, Rows.text(o.validFrom()));
      ps.setString(8, Rows.text(o.validUntil()));
      ps.setString(9, Rows.hours(o.openingHours()));
      Rows.setInteger(ps, 10, o.capacity());
      ps.setInt(11, o.targeted() ? 1 : 0);
      ps.executeUpdate();
    }
  }

  private void putCards(List<CardRecord> cards) throws SQLException {
    PreparedStatement ps = ledger.prepare("INSERT OR REPLACE INTO card (number, serial, fingerprint, valid_from, "
        + "valid_until, birth_year, first_name, status, offers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int n = 0;
    for (CardRecord r : cards) {
      ps.setString(1, r.cardNumber());
      ps.setInt(2, r.credentialSerial());
      ps.setString(3, r.fingerprint());
      ps.setString(4, r.validFrom().toString());
      ps.setString(5, r.validUntil().toString());
      ps.setInt(6, r.birthYear());
      // No name (the server erased it after the card expired) is stored as NULL, never as text.
      ps.setString(7, r.firstName() == null || r.firstName().isBlank() ? null : r.firstName());
      ps.setString(8, r.status().name());
      ps.setString(9, Rows.join(r.offers()));
      ps.addBatch();
      if (++n % BATCH == 0) {
        ps.executeBatch();
      }
    }
    ps.executeBatch();
  }

  private void putRevocations(List<Revocation> revocations) throws SQLException {
    PreparedStatement ps = ledger.prepare(
        "INSERT OR REPLACE INTO revocation (card_number, serial, revoked_at) VALUES (?, ?, ?)");
    for (Revocation r : revocations) {
      ps.setString(1, r.cardNumber());
      ps.setInt(2, r.credentialSerial());
      if (r.revokedAt() == null) {
        ps.setNull(3, java.sql.Types.INTEGER);
      } else {
        ps.setLong(3, r.revokedAt().toEpochMilli());
      }
      ps.addBatch();
    }
    ps.executeBatch();
  }

  private void putUsage(List<UsageCount> usage) throws SQLException {
    PreparedStatement ps = ledger.prepare(
        "INSERT OR REPLACE INTO usage (card_number, offer_id, period, count) VALUES (?, ?, ?, ?)");
    int n = 0;
    for (UsageCount u : usage) {
      ps.setString(1, u.cardNumber());
      ps.setString(2, u.offerId());
      ps.setString(3, u.period());
      ps.setInt(4, u.count());
      ps.addBatch();
      if (++n % BATCH == 0) {
        ps.executeBatch();
      }
    }
    ps.executeBatch();
  }
}
