package no.klipp.server.ledger;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A terminal enrolled again with a fresh ledger (a new SD card) must still count the admissions it
 * made before: its snapshot leaves its own visits out (its ledger counts them), unless it asks for
 * those received before its ledger was born.
 */
class FreshLedgerUsageTest extends OnBothDatabases {

  World w;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Os");
  }

  private Visit admission(EnrollResponse t, long seq, String card) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, card, 1, w.offerId, t.venueId(),
        t.terminalId(), ts.clock.instant().minusSeconds(60), 0, Set.of());
  }

  private int usage(LedgerSnapshot s, String card) {
    return s.usage().stream().filter(u -> u.cardNumber().equals(card)).mapToInt(UsageCount::count).sum();
  }

  private LedgerSnapshot snapshot(String token, String ownVisitsBefore) {
    String path = ApiPaths.LEDGER_SNAPSHOT
        + (ownVisitsBefore == null ? "" : "?" + ApiPaths.OWN_VISITS_BEFORE + "=" + ownVisitsBefore);
    Client.Response r = c.get(path, token);
    ok(r, 200);
    return r.as(LedgerSnapshot.class);
  }

  /**
   * A terminal enrolled again on a fresh ledger must number its visits above those the server
   * holds, refused ones too, or gap detection is blind until the new numbers pass the old.
   */
  @Test
  void anEnrollmentAnswerNamesTheHighestSequenceNumberTheServerHoldsFromTheTerminal() {
    EnrollResponse t = w.terminal;
    assertEquals(0L, t.lastSequence(), "a new terminal");
    Visit unknownOffer = new Visit(UUID.randomUUID(), 4, VisitKind.ADMISSION, null, w.cards.get(0), 1, "no-such-offer",
        t.venueId(), t.terminalId(), ts.clock.instant().minusSeconds(60), 0, Set.of());
    Client.Response r = c.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(),
        List.of(admission(t, 1, w.cards.get(0)), admission(t, 2, w.cards.get(0)), unknownOffer), null));
    ok(r, 200);
    assertEquals(AckStatus.REFUSED, r.as(VisitBatchAck.class).items().get(2).status(), "the third is refused");

    EnrollResponse again = ts.server.terminals.enroll(
        new EnrollRequest(ts.server.terminals.rotate(t.terminalId()).enrollmentCode(), "new card"));
    assertEquals(4L, again.lastSequence(), "the refused number 4 counts: the terminal used it");
  }

  @Test
  void aTerminalEnrolledAgainCountsItsEarlierAdmissionsOnlyWhenItsLedgerIsFresh() {
    EnrollResponse t = w.terminal;
    String card = w.cards.get(0);
    ok(c.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(),
        List.of(admission(t, 1, card), admission(t, 2, card)), null)), 200);
    EnrollResponse other = w.enroll(w.venueId, "Kasse 2");
    ok(c.post(ApiPaths.VISITS, other.token(), new VisitBatch(other.terminalId(),
        List.of(admission(other, 1, card)), null)), 200);

    // Its own ledger counts its own two: the snapshot has the other terminal's one.
    assertEquals(1, usage(snapshot(t.token(), null), card));

    // A new SD card: the terminal is given a new code and enrolls again, its ledger empty.
    ts.clock.advance(Duration.ofMinutes(5));
    String code = ts.server.terminals.rotate(t.terminalId()).enrollmentCode();
    EnrollResponse again = ts.server.terminals.enroll(new EnrollRequest(code, "new card"));
    assertEquals(t.terminalId(), again.terminalId());
    LedgerSnapshot fresh = snapshot(again.token(), "now");
    assertEquals(3, usage(fresh, card), "its own earlier admissions count");
    Instant born = fresh.serverTime();

    // The new ledger records and uploads one; later snapshots (born kept) count the old two, not it.
    ts.clock.advance(Duration.ofMinutes(5));
    ok(c.post(ApiPaths.VISITS, again.token(), new VisitBatch(again.terminalId(),
        List.of(admission(again, 1, card)), null)), 200);
    assertEquals(3, usage(snapshot(again.token(), born.toString()), card));
    assertEquals(1, usage(snapshot(again.token(), null), card), "without the parameter, as before");
  }

  private int deltaUsage(String token, String since, String ownVisitsBefore, String card) {
    Client.Response r = c.get(ApiPaths.LEDGER_DELTA + "?since=" + since
        + (ownVisitsBefore == null ? "" : "&" + ApiPaths.OWN_VISITS_BEFORE + "=" + ownVisitsBefore), token);
    ok(r, 200);
    return r.as(LedgerDelta.class).usage().stream().filter(u -> u.cardNumber().equals(card))
        .mapToInt(UsageCount::count).sum();
  }

  /**
   * Each count in a delta replaces the ledger's: a fresh ledger's deltas must count its terminal's
   * earlier admissions as its snapshot did, or the next visit by another terminal of the venue
   * would take them out of the card's count and open the quota again.
   */
  @Test
  void aFreshLedgersDeltasCountItsEarlierAdmissionsAsItsSnapshotDid() {
    EnrollResponse t = w.terminal;
    String card = w.cards.get(0);
    ok(c.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(),
        List.of(admission(t, 1, card), admission(t, 2, card)), null)), 200);
    EnrollResponse other = w.enroll(w.venueId, "Kasse 2");
    ts.clock.advance(Duration.ofMinutes(5));
    EnrollResponse again = ts.server.terminals.enroll(
        new EnrollRequest(ts.server.terminals.rotate(t.terminalId()).enrollmentCode(), "new card"));
    LedgerSnapshot fresh = snapshot(again.token(), "now");
    assertEquals(2, usage(fresh, card));
    String born = fresh.serverTime().toString();

    // Its first visit: the ledger counts it itself.
    ts.clock.advance(Duration.ofMinutes(1));
    ok(c.post(ApiPaths.VISITS, again.token(), new VisitBatch(again.terminalId(),
        List.of(admission(again, 1, card)), null)), 200);
    ok(c.post(ApiPaths.VISITS, other.token(), new VisitBatch(other.terminalId(),
        List.of(admission(other, 1, card)), null)), 200);
    ts.clock.advance(Duration.ofMinutes(1));

    assertEquals(3, deltaUsage(again.token(), fresh.cursor(), born, card),
        "the other terminal's one and this terminal's two from before its ledger's birth");
    assertEquals(1, deltaUsage(again.token(), fresh.cursor(), null, card), "without the parameter, as before");
    assertEquals(400, c.get(ApiPaths.LEDGER_DELTA + "?since=" + fresh.cursor() + "&" + ApiPaths.OWN_VISITS_BEFORE
        + "=yesterday", again.token()).status());
  }

  /**
   * A terminal tells "sold out" from every admission an offer with a capacity ever had; a snapshot
   * (a new SD card, a changed form) that left out the ones older than its horizon would hand out
   * more places than there are.
   */
  @Test
  void aSnapshotCountsEveryAdmissionOfAnOfferWithACapacityHoweverOld() {
    String limited = ts.server.offers.create(w.venueId, new no.klipp.server.offer.OfferRequest("Sesongkort", null,
        null, 0, null, null, null, 3, 0L, 100, false)).id();
    EnrollResponse other = w.enroll(w.venueId, "Kasse 2");
    List<Visit> old = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Visit v = admission(other, i + 1, w.cards.get(i));
      old.add(new Visit(v.id(), v.sequence(), v.kind(), null, v.cardNumber(), 1, limited, v.venueId(), v.terminalId(),
          ts.clock.instant().minus(Duration.ofDays(500)), 0, Set.of()));
    }
    ok(c.post(ApiPaths.VISITS, other.token(), new VisitBatch(other.terminalId(), old, null)), 200);
    ok(c.post(ApiPaths.VISITS, other.token(), new VisitBatch(other.terminalId(),
        List.of(admission(other, 3, w.cards.get(0))), null)), 200);
    LedgerSnapshot s = snapshot(w.terminal.token(), null);
    assertEquals(2, s.usage().stream().filter(u -> u.offerId().equals(limited)).mapToInt(UsageCount::count).sum(),
        "both places taken 500 days ago");
    assertEquals(1, s.usage().stream().filter(u -> u.offerId().equals(w.offerId)).mapToInt(UsageCount::count).sum(),
        "the quota offer's recent one");
  }

  @Test
  void aTimeThatIsNotOneIsTheClientsMistake() {
    for (String bad : List.of("yesterday", "2026-13-01T00:00:00Z", "1", "")) {
      Client.Response r = c.get(ApiPaths.LEDGER_SNAPSHOT + "?" + ApiPaths.OWN_VISITS_BEFORE + "=" + bad,
          w.terminal.token());
      assertEquals(400, r.status(), bad + ": " + r.text());
    }
    // Times no visit was received at are bounded, not a database error.
    assertEquals(0, usage(snapshot(w.terminal.token(), "-999999999-01-01T00:00:00Z"), w.cards.get(0)));
    assertEquals(0, usage(snapshot(w.terminal.token(), "%2B999999999-12-31T23:59:59Z"), w.cards.get(0)));
  }
}
