package no.klipp.server.card;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CardTermsIndexTest extends OnBothDatabases {

  Scheme scheme;
  String card;

  @BeforeEach
  void setUp() {
    scheme = ts.scheme("Kragerø");
    card = issue(scheme);
  }

  String issue(Scheme s) {
    return ts.server.cards.issue(s.id(), new CardRequest("Ada", 2015, null, false)).card().cardNumber();
  }

  /** The card's terms from the index, at the counter's current number, as an upload reads them. */
  CardTerms terms(CardTermsIndex index, Scheme s, String number) {
    return ts.testDb.db.transaction(sql -> index.termsOf(sql, s.id(), ChangeCounter.current(sql), List.of(number)))
        .get(number);
  }

  /** Changes the card's row behind the counter's back, as no server code does. */
  void revokeWithoutAChangeNumber(String number) {
    ts.testDb.db.transaction(sql -> sql.update("UPDATE card SET status = ? WHERE card_number = ?",
        CardStatus.REVOKED.name(), number));
  }

  @Test
  void whileTheCounterStandsStillTheCardsAreNotReadAgain() {
    CardTermsIndex index = new CardTermsIndex(new CardRepository(), 4);
    assertEquals(CardStatus.ACTIVE, terms(index, scheme, card).status());
    revokeWithoutAChangeNumber(card);
    assertEquals(CardStatus.ACTIVE, terms(index, scheme, card).status(), "the counter vouches for the index");
    assertEquals(CardStatus.REVOKED, terms(new CardTermsIndex(new CardRepository(), 4), scheme, card).status());
  }

  @Test
  void aChangeIsReadWhenTheCounterMoves() {
    CardTermsIndex index = new CardTermsIndex(new CardRepository(), 4);
    CardTerms before = terms(index, scheme, card);
    ts.server.cards.renew(card, null);
    ts.server.cards.replace(card);
    CardTerms after = terms(index, scheme, card);
    assertEquals(before.validUntil().plusYears(1), after.validUntil());
    assertEquals(2, after.credentialSerial());
  }

  @Test
  void aCardChangedAgainAfterTheReadersNumberIsSeenAtItsNewest() {
    CardTermsIndex index = new CardTermsIndex(new CardRepository(), 4);
    terms(index, scheme, card);
    ts.server.cards.renew(card, null);
    long renewedAt = ts.testDb.db.read(sql -> ChangeCounter.current(sql));
    ts.server.cards.revoke(card);
    // The renewal's number is all this reader knows of, but the row now carries the revocation's.
    CardTerms t = ts.testDb.db.transaction(sql -> index.termsOf(sql, scheme.id(), renewedAt, List.of(card)))
        .get(card);
    assertEquals(CardStatus.REVOKED, t.status());
  }

  @Test
  void cardsOutsideTheSchemeAreLookedUpAsBefore() {
    Scheme other = ts.scheme("Røros");
    String theirs = issue(other);
    String unknown = CardNumber.fromSerial(999_999_999L).digits();
    CardTermsIndex index = new CardTermsIndex(new CardRepository(), 4);
    Map<String, CardTerms> found = ts.testDb.db.transaction(sql -> index.termsOf(sql, scheme.id(),
        ChangeCounter.current(sql), List.of(card, theirs, unknown)));
    assertEquals(List.of(card, theirs).stream().sorted().toList(), found.keySet().stream().sorted().toList());
    assertEquals(LocalDate.ofInstant(TestServer.START, other.zone()), found.get(theirs).validFrom());
  }

  @Test
  void theSchemeUsedLeastRecentlyIsForgottenFirst() {
    Scheme second = ts.scheme("Røros");
    String theirs = issue(second);
    Scheme third = ts.scheme("Vinje");
    String thirds = issue(third);
    CardTermsIndex index = new CardTermsIndex(new CardRepository(), 2);
    terms(index, scheme, card);
    terms(index, second, theirs);
    terms(index, scheme, card);
    revokeWithoutAChangeNumber(card);
    revokeWithoutAChangeNumber(theirs);
    terms(index, third, thirds); // three cards kept, two allowed: the second scheme was used least recently
    assertEquals(CardStatus.ACTIVE, terms(index, scheme, card).status(), "kept: answered from memory");
    assertEquals(CardStatus.REVOKED, terms(index, second, theirs).status(), "forgotten: read whole again");
  }

  @Test
  void aCounterThatWentBackStartsTheSchemeAfresh() {
    CardTermsIndex index = new CardTermsIndex(new CardRepository(), 4);
    assertEquals(CardStatus.ACTIVE, terms(index, scheme, card).status());
    // As after a restore, or a failover to a replica that lost its last commits: the numbers the
    // index has passed are taken again, here by a revocation.
    ts.testDb.db.transaction(sql -> sql.update("UPDATE change_counter SET value = value - 5 WHERE id = 1"));
    ts.server.cards.revoke(card);
    assertEquals(CardStatus.REVOKED, terms(index, scheme, card).status());
  }

  @Test
  void theLeastRecentlyUsedSchemeIsForgotten() {
    Scheme other = ts.scheme("Røros");
    String theirs = issue(other);
    CardTermsIndex index = new CardTermsIndex(new CardRepository(), 1);
    terms(index, scheme, card);
    revokeWithoutAChangeNumber(card);
    terms(index, other, theirs);
    assertEquals(CardStatus.REVOKED, terms(index, scheme, card).status(), "read whole again after being forgotten");
  }
}
