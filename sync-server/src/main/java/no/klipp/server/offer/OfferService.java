package no.klipp.server.offer;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.klipp.protocol.card.CardNumber;
import no.klipp.server.auth.Tokens;
import no.klipp.server.card.Card;
import no.klipp.server.card.CardRepository;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.db.Database;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Check;

/** A venue's offers, and the cards chosen for targeted offers. */
public final class OfferService {

  private final Database db;
  private final OfferRepository offers;
  private final CardRepository cards;
  private final Tokens tokens;
  private final Clock clock;

  public OfferService(Database db, OfferRepository offers, CardRepository cards, Tokens tokens, Clock clock) {
    this.db = db;
    this.offers = offers;
    this.cards = cards;
    this.tokens = tokens;
    this.clock = clock;
  }

  public OfferDefinition create(String venueId, OfferRequest request) {
    OfferRequest o = request.validated(today());
    String id = tokens.id("off");
    db.transaction(sql -> {
      offers.insert(sql, id, venueId, o, clock.instant(), ChangeCounter.next(sql));
      return null;
    });
    return get(id);
  }

  public OfferDefinition get(String id) {
    return db.read(sql -> offers.find(sql, id)).orElseThrow(() -> ApiException.notFound("offer " + id));
  }

  public List<OfferDefinition> ofVenue(String venueId) {
    return db.read(sql -> offers.ofVenue(sql, venueId));
  }

  public OfferDefinition update(String id, OfferRequest request) {
    OfferRequest o = request.validated(today());
    boolean updated = db.transaction(sql -> {
      if (!offers.update(sql, id, o, ChangeCounter.next(sql))) {
        return false;
      }
      // Visits from today on are paid by the new terms; earlier ones keep theirs, so statements
      // already sent do not change. "Today" is the scheme's, as the days visits are counted in.
      offers.changeTerms(sql, id, clock.instant().atZone(offers.zone(sql, id)).toLocalDate(), OfferTerms.of(o));
      return true;
    });
    if (!updated) {
      throw ApiException.conflict("offer " + id + " is withdrawn");
    }
    return get(id);
  }

  /** Withdraws the offer; terminals drop it at their next sync. */
  public OfferDefinition withdraw(String id) {
    db.transaction(sql -> offers.withdraw(sql, id, ChangeCounter.next(sql)));
    return get(id);
  }

  public List<String> cards(String offerId) {
    return db.read(sql -> offers.cards(sql, offerId));
  }

  /** Replaces the cards chosen for a targeted offer; every card must be of the offer's scheme. */
  public List<String> setCards(String offerId, long schemeId, List<String> cardNumbers) {
    Check.size(cardNumbers, 100_000, "cardNumbers");
    Set<String> wanted = new HashSet<>();
    for (String n : cardNumbers) {
      Check.that(n != null && CardNumber.isValid(n), "not a card number: " + n);
      wanted.add(n);
    }
    OfferDefinition offer = get(offerId);
    Check.that(offer.targeted(), "offer " + offerId + " is for every card; make it targeted first");
    return db.transaction(sql -> {
      List<Card> found = cards.findAll(sql, wanted);
      if (found.size() != wanted.size() || found.stream().anyMatch(c -> c.schemeId() != schemeId)) {
        throw ApiException.invalid("some card numbers are not cards of this scheme");
      }
      Set<String> touched = new HashSet<>(offers.cards(sql, offerId));
      touched.addAll(wanted);
      offers.setCards(sql, offerId, List.copyOf(wanted));
      cards.touch(sql, touched, ChangeCounter.next(sql));
      return offers.cards(sql, offerId);
    });
  }

  /** Today, for the window of dates an offer may name; a day either way in another zone does not matter. */
  private LocalDate today() {
    return LocalDate.now(clock);
  }
}
