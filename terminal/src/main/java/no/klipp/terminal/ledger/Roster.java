package no.klipp.terminal.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.IssuerKeyring;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.SchemeRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads what the venue's snapshot put in the ledger: scheme, keys, offers, cards, revocations, usage. */
public final class Roster {

  private static final Logger log = LoggerFactory.getLogger(Roster.class);

  private final Ledger ledger;

  public Roster(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
  }

  /** The card with this number, if the ledger knows it. */
  public Optional<Card> card(String number) {
    return ledger.read("look up a card", c -> {
      PreparedStatement ps = ledger.prepare("SELECT " + Rows.CARD_COLUMNS + " FROM card WHERE number = ?");
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.card(rs)) : Optional.empty();
      }
    });
  }

  /** Every revoked credential, for {@link Revoked}: a few per hundred cards, read once per roster. */
  public Revoked revocations() {
    return ledger.read("read the revocations", c -> {
      Revoked.Builder out = Revoked.builder();
      try (ResultSet rs = ledger.prepare("SELECT card_number, serial FROM revocation").executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1), rs.getInt(2));
        }
      }
      return out.build();
    });
  }

  /** Visits under the offer by the venue's other terminals, every card and period (for capacity). */
  public long offerUsage(String offerId) {
    return ledger.read("sum usage", c -> {
      PreparedStatement ps = ledger.prepare("SELECT coalesce(sum(count), 0) FROM usage WHERE offer_id = ?");
      ps.setString(1, offerId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /** The scheme's rules, once a snapshot is loaded. */
  public Optional<SchemeRules> scheme() {
    return ledger.read("read the scheme", c -> {
      PreparedStatement ps = ledger.prepare("SELECT * FROM scheme WHERE id = 1");
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new SchemeRules(rs.getLong("scheme_id"), rs.getString("name"), rs.getInt("min_age"),
            rs.getInt("max_age"), rs.getInt("companions"), rs.getInt("admit_unknown") != 0, rs.getString("time_zone")));
      }
    });
  }

  /** The venue's offers, by id. */
  public List<Offer> offers() {
    return ledger.read("read the offers", c -> {
      List<Offer> out = new ArrayList<>();
      try (ResultSet rs = ledger.prepare("SELECT * FROM offer ORDER BY id").executeQuery()) {
        while (rs.next()) {
          out.add(Rows.offer(rs));
        }
      }
      return out;
    });
  }

  /** The issuing public keys cards are verified against. */
  public List<IssuerKeyring.Entry> issuerKeys() {
    return ledger.read("read the issuer keys", c -> {
      List<IssuerKeyring.Entry> out = new ArrayList<>();
      try (ResultSet rs = ledger.prepare("SELECT * FROM issuer_key ORDER BY scheme_id, key_id").executeQuery()) {
        while (rs.next()) {
          long schemeId = rs.getLong("scheme_id");
          long keyId = rs.getLong("key_id");
          // A ledger written before key ids were range-checked may hold a key no credential can
          // name; refusing the whole keyring for it would stop every scan, restarts included.
          if (schemeId < 0 || schemeId > Credential.MAX_SCHEME_ID || keyId < 0 || keyId > Credential.MAX_KEY_ID) {
            log.warn("Ignoring issuer key {} of scheme {}: outside the range a credential can name", keyId, schemeId);
            continue;
          }
          try {
            out.add(IssuerKeyring.Entry.ofBase64(schemeId, (int) keyId, rs.getString("public_key")));
          } catch (IllegalArgumentException notAKey) {
            // Likewise a key loaded before keys were checked for being points of the curve.
            log.warn("Ignoring issuer key {} of scheme {}: {}", keyId, schemeId, notAKey.getMessage());
          }
        }
      }
      return out;
    });
  }

  /** The venue the loaded snapshot is for. */
  public Optional<String> venueId() {
    return ledger.meta(Meta.VENUE_ID);
  }

  /** Number of rows in a roster table, for statistics. */
  long count(String table) {
    return ledger.read("count " + table, c -> {
      try (ResultSet rs = ledger.prepare("SELECT count(*) FROM " + table).executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }
}
