package no.klipp.server.stats;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.refund.RefundLine;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A terminal corrects only its own venue's admissions: a void or added companions naming another
 * venue's admission is stored, but changes nothing of that venue's statistics or refunds, as
 * kept while visits arrive and as rebuilt from the stored visits.
 */
class ForeignCorrectionTest extends OnBothDatabases {

  World w;
  World.Site pool;
  String card;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
    pool = w.site("Kragerø bad");
    card = w.cards.getFirst();
  }

  @Test
  void anotherVenuesVoidAndCompanionsLeaveTheAdmissionsVenueAsItWas() {
    Visit admission = visit(pool.terminal(), pool.offerId(), 1, VisitKind.ADMISSION, null, 1);
    upload(pool.terminal(), admission);
    // The cinema's terminal names the pool's admission (whose id it should never have seen).
    Visit foreignVoid = visit(w.terminal, w.offerId, 1, VisitKind.VOID, admission.id(), 0);
    Visit foreignCompanion = visit(w.terminal, w.offerId, 2, VisitKind.COMPANIONS, admission.id(), 1);
    VisitBatchAck ack = upload(w.terminal, foreignCompanion, foreignVoid);
    assertEquals(List.of(AckStatus.STORED, AckStatus.STORED), ack.items().stream().map(a -> a.status()).toList(),
        "corrections are facts: stored all the same");

    // Pool: 1 visit, 1 companion, 1 child. Cinema: only the added companion, counted there as a
    // correction of an unknown admission would be.
    String expected = "pool offer-day [1, 0, 1] venue-month [1, 1, 1]; cinema offer-day [0, 0, 1] venue-month [0, 1, 0]";
    assertEquals(expected, figures());
    assertEquals(List.of(1L, 1L), refund(pool.venueId()));

    // Rebuilt from the stored visits, as on first start: the same.
    ts.rebuildStatistics();
    assertEquals(expected, figures());
    assertEquals(List.of(1L, 1L), refund(pool.venueId()));
  }

  @Test
  void theVenuesOwnVoidTakesBackOnlyItsOwnCompanions() {
    Visit admission = visit(pool.terminal(), pool.offerId(), 1, VisitKind.ADMISSION, null, 1);
    upload(pool.terminal(), admission);
    upload(w.terminal, visit(w.terminal, w.offerId, 1, VisitKind.COMPANIONS, admission.id(), 1));
    upload(pool.terminal(), visit(pool.terminal(), pool.offerId(), 2, VisitKind.VOID, admission.id(), 0));

    // The pool's admission and its own companion are taken back; the cinema's named companion is not the pool's.
    String expected = "pool offer-day [1, 1, 0] venue-month [0, 0, 0]; cinema offer-day [0, 0, 1] venue-month [0, 1, 0]";
    assertEquals(expected, figures());
    assertEquals(List.of(0L, 0L), refund(pool.venueId()));
    ts.rebuildStatistics();
    assertEquals(expected, figures());
    assertEquals(List.of(0L, 0L), refund(pool.venueId()));
  }

  private Visit visit(EnrollResponse t, String offerId, long seq, VisitKind kind, UUID refersTo, int companions) {
    return new Visit(UUID.randomUUID(), seq, kind, refersTo, card, 1, offerId, t.venueId(), t.terminalId(),
        TestServer.START.plusSeconds(seq * 60), companions, Set.of());
  }

  private VisitBatchAck upload(EnrollResponse t, Visit... visits) {
    Client.Response r = ts.client.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(), List.of(visits),
        null));
    ok(r, 200);
    return r.as(VisitBatchAck.class);
  }

  /** Admissions, voids and companions of each venue's offer on the day; visits, companions and children of its month. */
  private String figures() {
    ts.server.statsFolder.foldAll();
    return "pool " + figures(pool.venueId(), pool.offerId()) + "; cinema " + figures(w.venueId, w.offerId);
  }

  private String figures(String venueId, String offerId) {
    return ts.testDb.db.read(sql -> {
      List<Long> day = sql.one("SELECT admissions, voids, companions FROM stats_offer_day WHERE offer_id = ? AND day = ?",
          r -> List.of(r.longValue("admissions"), r.longValue("voids"), r.longValue("companions")), offerId,
          LocalDate.of(2026, 3, 2)).orElse(List.of());
      List<Long> month = sql.one("SELECT visits, companions, children FROM stats_venue_month WHERE venue_id = ?"
              + " AND month = '2026-03'",
          r -> List.of(r.longValue("visits"), r.longValue("companions"), r.longValue("children")), venueId)
          .orElse(List.of());
      return "offer-day " + day + " venue-month " + month;
    });
  }

  /** The venue's refunded visits and companion tickets for March 2026. */
  private List<Long> refund(String venueId) {
    List<RefundLine> lines = ts.server.refunds.of(w.scheme.id(), venueId, LocalDate.of(2026, 3, 1),
        LocalDate.of(2026, 3, 31)).lines();
    return List.of(lines.stream().mapToLong(RefundLine::visits).sum(),
        lines.stream().mapToLong(RefundLine::companions).sum());
  }
}
