package no.klipp.server.visit;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.Dialect;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.support.Client;
import no.klipp.server.support.HeldLocks;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An offer with a total capacity (a concert's 3 places) held against the admissions of every
 * terminal: two terminals offline at once can each let in what the other did not see, and the
 * upload flags the admissions beyond the capacity, as it flags those beyond a card's quota.
 */
class CapacityFlagTest extends OnBothDatabases {

  World w;
  EnrollResponse door;
  String concert;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Notodden");
    door = w.enroll(w.venueId, "Dør 2");
    concert = ts.server.offers.create(w.venueId, new OfferRequest("Konsert", null, null, 1, null, null, null, 3, 0L,
        100, false)).id();
  }

  Visit admission(EnrollResponse t, long seq, String card) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, card, 1, concert, w.venueId, t.terminalId(),
        TestServer.START.plusSeconds(seq), 0, Set.of());
  }

  Visit voidOf(EnrollResponse t, long seq, Visit admission) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.VOID, admission.id(), admission.cardNumber(), 1, concert,
        w.venueId, t.terminalId(), TestServer.START.plusSeconds(seq), 0, Set.of());
  }

  List<Set<VisitFlag>> upload(EnrollResponse t, Visit... visits) {
    Client.Response r = ts.client.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(), List.of(visits),
        null));
    ok(r, 200);
    return r.as(VisitBatchAck.class).items().stream().map(VisitAck::flags).toList();
  }

  @Test
  void admissionsBeyondTheCapacityAreFlaggedAndVoidsFreePlaces() {
    Visit first = admission(w.terminal, 1, w.cards.get(0));
    Visit second = admission(w.terminal, 2, w.cards.get(1));
    assertEquals(List.of(Set.of(), Set.of()), upload(w.terminal, first, second));
    // The other door, offline meanwhile, let in two more: the third place, and one too many.
    assertEquals(List.of(Set.of(), Set.of(VisitFlag.OFFLINE_CONFLICT)),
        upload(door, admission(door, 1, w.cards.get(2)), admission(door, 2, w.cards.get(0))));

    // Two undone at the first door: 2 of 3 places taken, so the next is within the capacity.
    upload(w.terminal, voidOf(w.terminal, 3, first), voidOf(w.terminal, 4, second));
    assertEquals(List.of(Set.of(), Set.of(VisitFlag.OFFLINE_CONFLICT)),
        upload(door, admission(door, 3, w.cards.get(1)), admission(door, 4, w.cards.get(2))));
  }

  @Test
  void anAdmissionSentAgainTakesNoPlaceTwice() {
    Visit first = admission(w.terminal, 1, w.cards.get(0));
    upload(w.terminal, first, admission(w.terminal, 2, w.cards.get(1)));
    // Its acknowledgement lost, the first comes again with the third place.
    assertEquals(List.of(Set.of(), Set.of()), upload(w.terminal, first, admission(w.terminal, 3, w.cards.get(2))));
  }

  @Test
  void twoUploadsOfTheOfferAreJudgedOneAfterTheOther() throws Exception {
    assumeTrue(dialect == Dialect.POSTGRESQL, "SQLite lets one writer in at a time");
    upload(w.terminal, admission(w.terminal, 1, w.cards.get(0)));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    // What an upload of the concert holds while it judges the last places: the offer's lock.
    try (HeldLocks held = HeldLocks.hold(ts.testDb.db, Set.of("offer:" + concert))) {
      Future<List<Set<VisitFlag>>> waiting = pool.submit(() -> upload(door, admission(door, 1, w.cards.get(1))));
      Thread.sleep(500);
      assertFalse(waiting.isDone(), "an upload of another card of the concert waits for the offer");
      held.close();
      assertEquals(List.of(Set.of()), waiting.get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }
}
