package no.klipp.server.card;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.CredentialForm;
import no.klipp.protocol.card.IssuingKey;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.db.Database;
import no.klipp.server.db.Sql;
import no.klipp.server.scheme.IssuerKeys;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeRepository;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Issuing, renewing, revoking and replacing cards; each change is one transaction. */
public final class CardService {

  private static final Logger log = LoggerFactory.getLogger(CardService.class);
  /** Most cards one batch may issue. */
  public static final int MAX_BATCH = 1000;

  private final Database db;
  private final CardRepository cards;
  private final SchemeRepository schemes;
  private final IssuerKeys keys;
  private final Clock clock;
  private final SecureRandom random;

  public CardService(Database db, CardRepository cards, SchemeRepository schemes, IssuerKeys keys, Clock clock,
      SecureRandom random) {
    this.db = db;
    this.cards = cards;
    this.schemes = schemes;
    this.keys = keys;
    this.clock = clock;
    this.random = random;
  }

  /** Issues one card. */
  public IssuedCard issue(long schemeId, CardRequest request) {
    return issueBatch(schemeId, List.of(request)).getFirst();
  }

  /** Issues several cards at once: all of them, or none if one request is wrong. */
  public List<IssuedCard> issueBatch(long schemeId, List<CardRequest> requests) {
    Check.that(requests != null && !requests.isEmpty(), "cards is required");
    Check.size(requests, MAX_BATCH, "cards");
    Scheme scheme = scheme(schemeId);
    LocalDate today = scheme.today(clock);
    List<CardRequest> checked = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      CardRequest r = requests.get(i);
      Check.that(r != null, "cards[" + i + "] is null");
      try {
        checked.add(r.validated(today, scheme.minAge(), scheme.maxAge()));
      } catch (ApiException e) {
        throw requests.size() == 1 ? e : ApiException.invalid("cards[" + i + "]: " + e.getMessage());
      }
    }
    List<IssuedCard> issued = db.transaction(sql -> {
      long change = ChangeCounter.next(sql);
      IssuingKey key = keys.active(sql, schemeId);
      List<IssuedCard> out = new ArrayList<>();
      for (CardRequest r : checked) {
        out.add(insertNew(sql, scheme, r, today, key, change));
      }
      return out;
    });
    log.info("Issued {} cards for scheme {}", issued.size(), schemeId);
    return issued;
  }

  private IssuedCard insertNew(Sql sql, Scheme scheme, CardRequest r, LocalDate today, IssuingKey key, long change)
      throws SQLException {
    LocalDate until = r.validFrom().plusMonths(scheme.validityMonths()).minusDays(1);
    for (int attempt = 0; attempt < 20; attempt++) {
      // Random numbers, so a card number says nothing about when or to whom it was given.
      long serial = random.nextLong(100_000_000L, 1_000_000_000L);
      Card card = new Card(CardNumber.fromSerial(serial).digits(), scheme.id(), 1, today, key.keyId(), null,
          r.validFrom(), until, r.birthYear(), r.firstName(), CardStatus.ACTIVE, r.paid());
      String qr = CredentialCodec.issueQr(card.credential(), key);
      card = card.withFingerprint(CredentialCodec.fingerprint(qr));
      if (cards.insert(sql, card, clock.instant(), change)) {
        return new IssuedCard(card, qr);
      }
    }
    throw new IllegalStateException("no free card number after 20 attempts");
  }

  /**
   * Gives every card issued before fingerprints were kept (V24) the fingerprint of its current QR
   * credential, as one change per 500 cards, so terminals get them with their next delta and stop
   * verifying those cards' signatures on every scan. Returns how many cards it gave one.
   */
  public int backfillFingerprints() {
    int total = 0;
    while (true) {
      int done = db.transaction(sql -> {
        List<Card> missing = cards.withoutFingerprint(sql, 500);
        if (missing.isEmpty()) {
          return 0;
        }
        long change = ChangeCounter.next(sql);
        for (Card c : missing) {
          IssuingKey key = keys.key(sql, c.schemeId(), c.keyId()); // opened once, then kept by IssuerKeys
          cards.setFingerprint(sql, c.cardNumber(), CredentialCodec.fingerprint(CredentialCodec.issueQr(c.credential(),
              key)), change);
        }
        return missing.size();
      });
      if (done == 0) {
        if (total > 0) {
          log.info("Gave {} cards issued before fingerprints were kept their fingerprint", total);
        }
        return total;
      }
      total += done;
    }
  }

  /** The card, if it exists. */
  public Card get(String cardNumber) {
    return db.read(sql -> cards.find(sql, cardNumber)).orElseThrow(() -> ApiException.notFound("card " + cardNumber));
  }

  /**
   * The card with its current QR credential; none (null) when the key that signed it is retired,
   * as terminals refuse it: the card is to be replaced.
   */
  public IssuedCard withCredential(String cardNumber) {
    Card card = get(cardNumber);
    return db.read(sql -> new IssuedCard(card, keys.retired(sql, card.schemeId(), card.keyId()) ? null
        : CredentialCodec.issueQr(card.credential(), keys.key(sql, card.schemeId(), card.keyId()))));
  }

  /** The card with its current QR credential, to print: 409 when its key is retired. */
  public IssuedCard printable(String cardNumber) {
    IssuedCard issued = withCredential(cardNumber);
    if (issued.credential() == null) {
      throw ApiException.conflict("card " + cardNumber + " was signed with a retired key, which terminals refuse:"
          + " replace the card");
    }
    return issued;
  }

  /** A page of the scheme's cards. */
  public List<Card> ofScheme(long schemeId, int offset, int limit) {
    Check.that(offset >= 0, "offset < 0");
    Check.range(limit, 1, 1000, "limit");
    return db.read(sql -> cards.ofScheme(sql, schemeId, offset, limit));
  }

  /**
   * Renews a card for a new period from {@code validFrom} (default: the day after it ends, or
   * today). A card not yet expired is extended: it stays valid from its current start to the new
   * period's end, so a renewal made before the period ends takes no day from the child.
   */
  public Card renew(String cardNumber, LocalDate validFrom) {
    return renew(cardNumber, validFrom, null);
  }

  /**
   * As {@link #renew(String, LocalDate)}, and sets the holder's first name unless {@code firstName}
   * is null: how a name comes back to a card renewed after the retention erased it.
   */
  public Card renew(String cardNumber, LocalDate validFrom, String firstName) {
    String name = firstName == null ? null : Check.text(firstName, "firstName", CardRequest.MAX_FIRST_NAME);
    Card card = get(cardNumber);
    requireActive(card);
    Scheme scheme = scheme(card.schemeId());
    LocalDate today = scheme.today(clock);
    if (validFrom == null && card.validUntil().isAfter(today.plusYears(1))) {
      // Renewed already: a next period would start more than a year ahead.
      throw ApiException.conflict("card " + cardNumber + " is valid until " + card.validUntil()
          + " already; it can be renewed again from " + card.validUntil().minusYears(1));
    }
    LocalDate start = CardRequest.start(validFrom != null ? validFrom
        : card.validUntil().isBefore(today) ? today : card.validUntil().plusDays(1), today);
    LocalDate end = start.plusMonths(scheme.validityMonths()).minusDays(1);
    boolean expired = card.validUntil().isBefore(today);
    if (expired && !start.isAfter(card.validUntil())) {
      // The new period would begin inside the old one and move the card year's start: the visits
      // made since under the old card year would no longer count against the new one's quota.
      throw ApiException.invalid("validFrom must be after " + card.validUntil() + ", when the card's last period"
          + " ended: " + start);
    }
    if (!expired && start.isBefore(card.validFrom())) {
      // An active card's start anchors its card year: moved back, the year's quota would start
      // afresh at the new anniversary, and visits made would count under other years.
      throw ApiException.invalid("validFrom must not be before " + card.validFrom() + ", when the card's current"
          + " period began: " + start);
    }
    // A card has one period of validity; the current one and the new one become one span.
    LocalDate from = expired ? start : card.validFrom();
    LocalDate until = expired || end.isAfter(card.validUntil()) ? end : card.validUntil();
    return db.transaction(sql -> {
      long change = ChangeCounter.next(sql);
      cards.updateValidity(sql, cardNumber, from, until, change);
      if (name != null) {
        cards.updateFirstName(sql, cardNumber, name, change);
      }
      return cards.find(sql, cardNumber).orElseThrow();
    });
  }

  /**
   * Corrects the holder's first name (a typing mistake at issue, a name given again); the staffed
   * desks receive it by delta. A revoked card's name is left as it is.
   */
  public Card rename(String cardNumber, String firstName) {
    String name = Check.text(firstName, "firstName", CardRequest.MAX_FIRST_NAME);
    requireActive(get(cardNumber));
    return db.transaction(sql -> {
      long change = ChangeCounter.next(sql);
      current(sql, cardNumber);
      cards.updateFirstName(sql, cardNumber, name, change);
      return cards.find(sql, cardNumber).orElseThrow();
    });
  }

  /** Revokes a card: terminals refuse it from their next sync. */
  public Card revoke(String cardNumber) {
    requireActive(get(cardNumber));
    return db.transaction(sql -> {
      long change = ChangeCounter.next(sql);
      Card card = current(sql, cardNumber);
      cards.updateStatus(sql, cardNumber, CardStatus.REVOKED, change);
      cards.insertRevocation(sql, card.schemeId(), cardNumber, card.credentialSerial(), clock.instant(), change);
      return cards.find(sql, cardNumber).orElseThrow();
    });
  }

  /**
   * Replaces a lost card: the same number with a new credential serial; the old credential is
   * revoked. Visits are kept by card number, so the visits used carry over.
   */
  public IssuedCard replace(String cardNumber) {
    Card read = get(cardNumber);
    requireActive(read);
    Scheme scheme = scheme(read.schemeId());
    LocalDate today = scheme.today(clock);
    return db.transaction(sql -> {
      long change = ChangeCounter.next(sql);
      Card card = current(sql, cardNumber);
      if (card.credentialSerial() >= Credential.MAX_SERIAL) {
        throw ApiException.conflict("card " + cardNumber + " has been replaced too often");
      }
      IssuingKey key = keys.active(sql, card.schemeId());
      cards.insertRevocation(sql, card.schemeId(), cardNumber, card.credentialSerial(), clock.instant(), change);
      Credential next = new Credential(card.schemeId(), new CardNumber(cardNumber), card.credentialSerial() + 1, today,
          key.keyId(), CredentialForm.QR);
      String qr = CredentialCodec.issueQr(next, key);
      cards.updateCredential(sql, cardNumber, next.serial(), today, key.keyId(), CredentialCodec.fingerprint(qr), change);
      Card replaced = cards.find(sql, cardNumber).orElseThrow();
      log.info("Card replaced: new credential serial {}", replaced.credentialSerial());
      return new IssuedCard(replaced, qr);
    });
  }

  /** Marks a card paid or free. Only the administration sees the difference. */
  public Card markPaid(String cardNumber, boolean paid) {
    get(cardNumber);
    return db.transaction(sql -> {
      cards.updatePaid(sql, cardNumber, paid);
      return cards.find(sql, cardNumber).orElseThrow();
    });
  }

  /**
   * The card as the change in {@code sql}'s transaction finds it, once that transaction has taken
   * its change number: taking it waits for every other change to commit, so a replacement or
   * revocation made at the same time (another request, another server instance) is seen here, and
   * this change is made to the card as that one left it, not as it was read before.
   */
  private Card current(Sql sql, String cardNumber) throws SQLException {
    Card card = cards.find(sql, cardNumber).orElseThrow(() -> ApiException.notFound("card " + cardNumber));
    requireActive(card);
    return card;
  }

  private static void requireActive(Card card) {
    if (card.status() != CardStatus.ACTIVE) {
      throw ApiException.conflict("card " + card.cardNumber() + " is revoked");
    }
  }

  private Scheme scheme(long schemeId) {
    return db.read(sql -> schemes.find(sql, schemeId)).orElseThrow(() -> ApiException.notFound("scheme " + schemeId));
  }
}
