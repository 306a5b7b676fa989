package no.klipp.server.visit;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.Server;
import no.klipp.server.card.CardRequest;
import no.klipp.server.card.IssuedCard;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upload is judged by the card as it is after every change committed before it: each test
 * uploads once first, so the server already holds the card's terms when the card changes.
 */
class CardChangeUploadTest extends OnBothDatabases {

  /** After the World's cards' first year (issued 2026-03-02 for 12 months). */
  static final Instant SECOND_YEAR = TestServer.START.plus(Duration.ofDays(400));

  World w;
  /** An offer without a quota, so the only flags these visits can earn are the card's. */
  String free;
  long sequence;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
    free = ok(c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin,
        Map.of("name", "Fri", "period", "CALENDAR_YEAR", "companions", 0)), 201).get("id").asText();
  }

  Visit admission(EnrollResponse t, String card, int serial, Instant at) {
    return new Visit(UUID.randomUUID(), ++sequence, VisitKind.ADMISSION, null, card, serial, free, t.venueId(),
        t.terminalId(), at, 0, Set.of());
  }

  /** The flags the server gave each visit of one upload. */
  List<Set<VisitFlag>> upload(Visit... visits) {
    Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(),
        new VisitBatch(w.terminal.terminalId(), List.of(visits), null));
    ok(r, 200);
    List<Set<VisitFlag>> flags = new ArrayList<>();
    for (VisitAck a : r.as(VisitBatchAck.class).items()) {
      assertEquals(AckStatus.STORED, a.status(), a.toString());
      flags.add(a.flags());
    }
    return flags;
  }

  @Test
  void anUploadAfterARenewalIsJudgedByTheNewPeriod() {
    String card = w.cards.get(0);
    assertEquals(List.of(Set.of(VisitFlag.OUTSIDE_VALIDITY)), upload(admission(w.terminal, card, 1, SECOND_YEAR)));
    ok(c.post("/api/v1/cards/" + card + "/renew", w.admin, null), 200);
    assertEquals(List.of(Set.of()), upload(admission(w.terminal, card, 1, SECOND_YEAR.plusSeconds(60))));
    assertEquals(List.of(Set.of()), upload(admission(w.terminal, card, 1, TestServer.START.plusSeconds(60))),
        "renewed before the first period ended, the card is still valid in it");
  }

  @Test
  void anUploadAfterARevocationIsFlaggedFromTheRevocationOn() {
    String card = w.cards.get(0);
    assertEquals(List.of(Set.of()), upload(admission(w.terminal, card, 1, TestServer.START)));
    ts.clock.advance(Duration.ofHours(1));
    ok(c.post("/api/v1/cards/" + card + "/revoke", w.admin, null), 200);
    assertEquals(List.of(Set.of(), Set.of(VisitFlag.REVOKED_CARD)),
        upload(admission(w.terminal, card, 1, TestServer.START.plusSeconds(60)),
            admission(w.terminal, card, 1, TestServer.START.plus(Duration.ofHours(2)))));
  }

  @Test
  void anUploadAfterAReplacementFlagsOnlyTheOldCredential() {
    String card = w.cards.get(0);
    assertEquals(List.of(Set.of()), upload(admission(w.terminal, card, 1, TestServer.START)));
    ok(c.post("/api/v1/cards/" + card + "/replace", w.admin, null), 200);
    Instant later = TestServer.START.plusSeconds(60);
    assertEquals(List.of(Set.of(VisitFlag.REVOKED_CARD), Set.of()),
        upload(admission(w.terminal, card, 1, later), admission(w.terminal, card, 2, later)));
  }

  @Test
  void aCardIssuedAfterAnUploadIsJudgedByItsTerms() {
    upload(admission(w.terminal, w.cards.get(0), 1, TestServer.START));
    IssuedCard issued = ts.server.cards.issue(w.scheme.id(), new CardRequest("Nora", 2015, null, false));
    String card = issued.card().cardNumber();
    assertEquals(List.of(Set.of(VisitFlag.OUTSIDE_VALIDITY)), upload(admission(w.terminal, card, 1, SECOND_YEAR)));
  }

  @Test
  void aCardOfAnotherSchemeIsJudgedByItsOwnTermsAsBefore() {
    upload(admission(w.terminal, w.cards.get(0), 1, TestServer.START));
    World other = new World(ts, "Røros");
    assertEquals(List.of(Set.of(VisitFlag.OUTSIDE_VALIDITY), Set.of()),
        upload(admission(w.terminal, other.cards.get(0), 1, SECOND_YEAR),
            admission(w.terminal, unknownCard(), 1, SECOND_YEAR)),
        "an unknown number has no terms to break");
  }

  /** A well-formed card number that no card has (issued numbers are random, this one is not). */
  static String unknownCard() {
    return CardNumber.fromSerial(999_999_999L).digits();
  }

  @Test
  void aCardChangedThroughAnotherInstanceIsSeenByTheNextUploadHere() {
    String renewed = w.cards.get(0);
    String revoked = w.cards.get(1);
    String replaced = w.cards.get(2);
    assertEquals(List.of(Set.of(VisitFlag.OUTSIDE_VALIDITY), Set.of(), Set.of()),
        upload(admission(w.terminal, renewed, 1, SECOND_YEAR), admission(w.terminal, revoked, 1, TestServer.START),
            admission(w.terminal, replaced, 1, TestServer.START)));
    try (Server other = ts.anotherInstance()) {
      other.cards.renew(renewed, null);
      other.cards.revoke(revoked);
      other.cards.replace(replaced);
    }
    Instant later = TestServer.START.plusSeconds(60);
    assertEquals(List.of(Set.of(), Set.of(VisitFlag.REVOKED_CARD), Set.of(VisitFlag.REVOKED_CARD), Set.of()),
        upload(admission(w.terminal, renewed, 1, SECOND_YEAR.plusSeconds(60)),
            admission(w.terminal, revoked, 1, later), admission(w.terminal, replaced, 1, later),
            admission(w.terminal, replaced, 2, later)));
  }

  /**
   * Terminals upload over and over while cards are revoked through both instances. A visit whose
   * upload began after its card's revocation returned is flagged; one whose upload ended before
   * the revocation began is not; in between either is right.
   */
  @Test
  void uploadsWhileCardsAreRevokedSeeEachRevocationOnceItIsDone() throws Exception {
    List<String> cards = new ArrayList<>();
    for (IssuedCard ic : ts.server.cards.issueBatch(w.scheme.id(), Collections.nCopies(24,
        new CardRequest("Emil", 2014, null, false)))) {
      cards.add(ic.card().cardNumber());
    }
    List<EnrollResponse> terminals = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      terminals.add(w.enroll(w.venueId, "Luke " + i));
    }
    Set<String> started = ConcurrentHashMap.newKeySet();
    Set<String> done = ConcurrentHashMap.newKeySet();
    AtomicBoolean revoking = new AtomicBoolean(true);
    Instant at = TestServer.START.plus(Duration.ofHours(1));
    ExecutorService pool = Executors.newFixedThreadPool(terminals.size() + 1);
    try (Server other = ts.anotherInstance()) {
      List<Future<Integer>> uploaders = new ArrayList<>();
      for (EnrollResponse t : terminals) {
        uploaders.add(pool.submit(() -> {
          int checked = 0;
          long seq = 0;
          do {
            Set<String> doneBefore = Set.copyOf(done);
            List<Visit> visits = new ArrayList<>();
            for (String card : cards) {
              visits.add(new Visit(UUID.randomUUID(), ++seq, VisitKind.ADMISSION, null, card, 1, free,
                  t.venueId(), t.terminalId(), at, 0, Set.of()));
            }
            Client.Response r = c.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(), visits, null));
            ok(r, 200);
            Set<String> startedAfter = Set.copyOf(started);
            List<VisitAck> acks = r.as(VisitBatchAck.class).items();
            for (int i = 0; i < cards.size(); i++) {
              String card = cards.get(i);
              boolean flagged = acks.get(i).flags().contains(VisitFlag.REVOKED_CARD);
              assertTrue(flagged || !doneBefore.contains(card), card + " was revoked before the upload");
              assertTrue(!flagged || startedAfter.contains(card), card + " was not yet revoked after the upload");
              checked++;
            }
          } while (revoking.get());
          return checked;
        }));
      }
      Future<?> revoker = pool.submit(() -> {
        try {
          for (int i = 0; i < cards.size(); i++) {
            started.add(cards.get(i));
            (i % 2 == 0 ? ts.server : other).cards.revoke(cards.get(i));
            done.add(cards.get(i));
          }
        } finally {
          revoking.set(false);
        }
        return null;
      });
      revoker.get();
      for (Future<Integer> f : uploaders) {
        assertTrue(f.get() > 0);
      }
    } finally {
      pool.shutdown();
    }
    List<Visit> last = new ArrayList<>();
    for (String card : cards) {
      last.add(new Visit(UUID.randomUUID(), ++sequence, VisitKind.ADMISSION, null, card, 1, free, w.venueId,
          w.terminal.terminalId(), at, 0, Set.of()));
    }
    Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(), new VisitBatch(w.terminal.terminalId(), last,
        null));
    assertTrue(ok(r, 200) != null && r.as(VisitBatchAck.class).items().stream()
        .allMatch(a -> a.flags().equals(Set.of(VisitFlag.REVOKED_CARD))), "every card revoked in the end");
  }
}
