package no.klipp.server.visit;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.refund.RefundLine;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A correction that reaches the server before its admission: the server was restored from a backup
 * that lost an admission the terminal had sent, the terminal's next upload brought its void, and the
 * gap check asked for the admission again. Once the admission arrives, the void takes it back, once,
 * in the card's usage, the ledger, the statistics and the refunds, whether the void had been folded
 * into the statistics by then or not. The offer allows 2 a year.
 */
class LateAdmissionTest extends OnBothDatabases {

  World w;
  EnrollResponse second;
  String card;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
    second = w.enroll(w.venueId, "Kasse 2");
    card = w.cards.getFirst();
  }

  @Test
  void aVoidFoldedBeforeItsAdmissionArrivedTakesItBackWhenItDoes() {
    Visit admitted = visit(1, VisitKind.ADMISSION, null, card, 0);
    Visit voided = visit(2, VisitKind.VOID, admitted.id(), card, 0);
    assertEquals(AckStatus.STORED, upload(voided).getFirst().status());
    assertEquals(Map.of(), usage(card), "a void of an admission the server does not know takes nothing back");
    assertEquals("offer-day [0, 0, 0] venue-month [0, 0, 0]", figures(), "folded with nothing to take back");

    assertEquals(AckStatus.STORED, upload(admitted).getFirst().status());

    takenBackOnce(admitted, voided);
  }

  @Test
  void aVoidStillWaitingToBeFoldedWhenItsAdmissionArrivesIsTakenBackOnce() {
    Visit admitted = visit(1, VisitKind.ADMISSION, null, card, 0);
    Visit voided = visit(2, VisitKind.VOID, admitted.id(), card, 0);
    upload(voided);
    upload(admitted);

    takenBackOnce(admitted, voided);
  }

  @Test
  void aPlacedVoidGivesTheQuotaBack() {
    Visit admitted = visit(1, VisitKind.ADMISSION, null, card, 0);
    upload(visit(2, VisitKind.VOID, admitted.id(), card, 0));
    upload(admitted);

    List<VisitAck> acks = upload(visit(3, VisitKind.ADMISSION, null, card, 0), visit(4, VisitKind.ADMISSION, null, card,
        0), visit(5, VisitKind.ADMISSION, null, card, 0));
    assertEquals(Set.of(), acks.get(0).flags());
    assertEquals(Set.of(), acks.get(1).flags(), "the void gave one of the two back");
    assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), acks.get(2).flags());
    assertEquals(Map.of("2026", 3), usage(card));
  }

  @Test
  void companionsAddedBeforeTheirAdmissionArrivedArePlacedInItsPeriod() {
    Visit admitted = visit(1, VisitKind.ADMISSION, null, card, 0);
    Visit added = visit(2, VisitKind.COMPANIONS, admitted.id(), card, 1);
    upload(added);
    assertEquals(VisitRow.NO_PERIOD, storedPeriod(added.id()));
    upload(admitted);

    assertEquals("2026", storedPeriod(added.id()));
    assertEquals(Map.of("2026", 1), usage(card), "companions move no quota");
    // Counted once, when it was folded (on the admission's day, which is its own here).
    assertEquals("offer-day [1, 0, 1] venue-month [1, 1, 1]", figures());
  }

  @Test
  void aVoidNamingAnotherCardThanItsLateAdmissionStaysInNoPeriod() {
    Visit admitted = visit(1, VisitKind.ADMISSION, null, card, 0);
    Visit voided = visit(2, VisitKind.VOID, admitted.id(), w.cards.get(1), 0);
    upload(voided);
    upload(admitted);

    assertEquals(VisitRow.NO_PERIOD, storedPeriod(voided.id()));
    assertEquals(Map.of("2026", 1), usage(card));
    assertEquals(Map.of(), usage(w.cards.get(1)));
    assertEquals(Map.of("2026", 1), ledgerOfSecond(card));
    assertEquals("offer-day [1, 0, 0] venue-month [1, 0, 1]", figures());
  }

  @Test
  void aSecondVoidOfTheLateAdmissionIsRefused() {
    Visit admitted = visit(1, VisitKind.ADMISSION, null, card, 0);
    upload(visit(2, VisitKind.VOID, admitted.id(), card, 0));
    upload(admitted);
    VisitAck again = upload(visit(3, VisitKind.VOID, admitted.id(), card, 0)).getFirst();

    assertEquals(AckStatus.REFUSED, again.status());
    assertEquals(Map.of("2026", 0), usage(card));
  }

  /** The void takes the admission back exactly once everywhere, and a rebuild of the statistics agrees. */
  private void takenBackOnce(Visit admitted, Visit voided) {
    assertEquals("2026", storedPeriod(voided.id()), "stored in its admission's period");
    assertEquals(Map.of("2026", 0), usage(card));
    assertEquals(Map.of("2026", 0), ledgerOfSecond(card), "the venue's other terminal counts nothing");
    String expected = "offer-day [1, 1, 0] venue-month [0, 0, 0]";
    assertEquals(expected, figures());
    assertEquals(0, refundedVisits());
    // Folded again later (another upload's fold), it stays taken back once.
    upload(visit(3, VisitKind.ADMISSION, null, w.cards.get(2), 0));
    assertEquals("offer-day [2, 1, 0] venue-month [1, 0, 1]", figures());

    ts.rebuildStatistics();
    assertEquals("offer-day [2, 1, 0] venue-month [1, 0, 1]", figures(), "as rebuilt from the stored visits");
    assertEquals(1, refundedVisits());
  }

  private Visit visit(long seq, VisitKind kind, UUID refersTo, String cardNumber, int companions) {
    Instant at = TestServer.START.plusSeconds(seq * 60);
    return new Visit(UUID.randomUUID(), seq, kind, refersTo, cardNumber, 1, w.offerId, w.venueId,
        w.terminal.terminalId(), at, companions, Set.of());
  }

  private List<VisitAck> upload(Visit... visits) {
    Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(), new VisitBatch(w.terminal.terminalId(),
        List.of(visits), null));
    ok(r, 200);
    return r.as(VisitBatchAck.class).items();
  }

  /** The card's usage rows under the offer: period → net. */
  private Map<String, Integer> usage(String cardNumber) {
    return ts.testDb.db.read(sql -> {
      Map<String, Integer> out = new TreeMap<>();
      sql.list("SELECT period_key, net FROM card_usage WHERE card_number = ? AND offer_id = ?",
          r -> out.put(r.string("period_key"), r.intValue("net")), cardNumber, w.offerId);
      return out;
    });
  }

  private String storedPeriod(UUID id) {
    return ts.testDb.db.read(sql -> sql.one("SELECT period_key FROM visit WHERE id = ?", r -> r.string("period_key"),
        id).orElseThrow());
  }

  /**
   * Admissions, voids and companions of the offer on the day; visits, companions and children of the
   * venue's month, after folding what waits.
   */
  private String figures() {
    ts.server.statsFolder.foldAll();
    return ts.testDb.db.read(sql -> {
      List<Long> day = sql.one("SELECT admissions, voids, companions FROM stats_offer_day WHERE offer_id = ? AND day = ?",
          r -> List.of(r.longValue("admissions"), r.longValue("voids"), r.longValue("companions")), w.offerId,
          LocalDate.of(2026, 3, 2)).orElse(List.of(0L, 0L, 0L));
      List<Long> month = sql.one("SELECT visits, companions, children FROM stats_venue_month WHERE venue_id = ?"
              + " AND month = '2026-03'",
          r -> List.of(r.longValue("visits"), r.longValue("companions"), r.longValue("children")), w.venueId)
          .orElse(List.of(0L, 0L, 0L));
      return "offer-day " + day + " venue-month " + month;
    });
  }

  /** What the venue's other terminal counts for the card: period → net. */
  private Map<String, Integer> ledgerOfSecond(String cardNumber) {
    return CorrectionPeriodTest.counts(c.get(ApiPaths.LEDGER_SNAPSHOT, second.token()).as(LedgerSnapshot.class).usage(),
        cardNumber);
  }

  /** Visits refunded to the venue for March 2026. */
  private long refundedVisits() {
    return ts.server.refunds.of(w.scheme.id(), w.venueId, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31)).lines()
        .stream().mapToLong(RefundLine::visits).sum();
  }
}
