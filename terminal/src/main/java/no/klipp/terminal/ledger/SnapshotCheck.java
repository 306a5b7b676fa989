package no.klipp.terminal.ledger;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.Revocation;
import no.klipp.protocol.sync.SchemeRules;
import no.klipp.protocol.sync.UsageCount;

/** Refuses a snapshot or delta with a value the ledger cannot hold, naming the record and field. */
final class SnapshotCheck {

  private SnapshotCheck() {}

  static void scheme(SchemeRules s) {
    require(s.name() != null, "scheme: name missing");
    require(s.minAge() >= 0 && s.maxAge() >= s.minAge(), "scheme: age range " + s.minAge() + ".." + s.maxAge() + " is impossible");
    require(s.companions() >= 0, "scheme: companions < 0");
    require(s.timeZone() == null || zone(s.timeZone()), "scheme: timeZone " + s.timeZone() + " is not a time zone");
  }

  private static boolean zone(String id) {
    try {
      ZoneId.of(id);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  static void keys(List<IssuerPublicKey> keys) {
    for (int i = 0; i < keys.size(); i++) {
      IssuerPublicKey k = keys.get(i);
      String at = "issuerKeys[" + i + "]";
      require(k.schemeId() >= 0 && k.schemeId() <= Credential.MAX_SCHEME_ID,
          at + ": schemeId " + k.schemeId() + " outside 0.." + Credential.MAX_SCHEME_ID);
      require(k.keyId() >= 0 && k.keyId() <= Credential.MAX_KEY_ID,
          at + ": keyId " + k.keyId() + " outside 0.." + Credential.MAX_KEY_ID);
      try {
        no.klipp.protocol.card.IssuerKeyring.Entry.ofBase64(k.schemeId(), k.keyId(), k.publicKey());
      } catch (RuntimeException e) {
        throw new InvalidSnapshotException(at + ": not a 32-byte Base64 Ed25519 key");
      }
    }
  }

  static void offers(List<Offer> offers) {
    for (int i = 0; i < offers.size(); i++) {
      Offer o = offers.get(i);
      String at = "offers[" + i + "]";
      require(o.id() != null && !o.id().isBlank() && !o.id().contains(","), at + ": id missing or contains ','");
      require(o.name() != null, at + ": name missing");
      require(o.quota() == null || o.quota() >= 0, at + ": quota < 0");
      require(o.quota() == null || o.period() != null, at + ": a quota needs a period");
      require(o.companions() >= 0, at + ": companions < 0");
      require(o.capacity() == null || o.capacity() >= 0, at + ": capacity < 0");
      for (var h : o.openingHours()) {
        require(h.possible(),
            at + ": opening hours " + h + " are impossible");
      }
    }
  }

  static void cards(List<CardRecord> cards) {
    for (int i = 0; i < cards.size(); i++) {
      CardRecord c = cards.get(i);
      String at = "cards[" + i + "]";
      require(CardNumber.isValid(c.cardNumber()), at + ": '" + c.cardNumber() + "' is not a valid card number");
      require(c.validFrom() != null && c.validUntil() != null, at + ": validity dates missing");
      require(!c.validUntil().isBefore(c.validFrom()), at + ": validUntil before validFrom");
      require(c.status() != null, at + ": status missing");
      require(c.credentialSerial() >= 0, at + ": credentialSerial < 0");
    }
  }

  static void revocations(List<Revocation> revocations) {
    for (int i = 0; i < revocations.size(); i++) {
      require(revocations.get(i).cardNumber() != null, "revocations[" + i + "]: cardNumber missing");
    }
  }

  static void usage(List<UsageCount> usage) {
    for (int i = 0; i < usage.size(); i++) {
      UsageCount u = usage.get(i);
      require(u.cardNumber() != null && u.offerId() != null && u.period() != null, "usage[" + i + "]: field missing");
      require(u.count() >= 0, "usage[" + i + "]: count < 0");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new InvalidSnapshotException(message);
    }
  }
}
