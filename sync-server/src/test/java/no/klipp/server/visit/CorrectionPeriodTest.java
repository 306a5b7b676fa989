package no.klipp.server.visit;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a correction (a void, added companions) counts: once, for the card and offer of its
 * admission, and in the quota period the admission was stored in, as the terminal counts it, even
 * when it was made after the period ended: staff undo an admission of 23:59:30 on New Year's Eve
 * at 00:00:20 (Europe/Oslo). The offer allows 2 a year.
 */
class CorrectionPeriodTest extends OnBothDatabases {

  /** 23:59:30 on 31 December 2026 in Oslo. */
  static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-12-31T22:59:30Z");
  /** 00:00:20 on 1 January 2027 in Oslo, within the undo window. */
  static final Instant AFTER_MIDNIGHT = Instant.parse("2026-12-31T23:00:20Z");

  World w;
  EnrollResponse second;
  String card;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
    second = w.enroll(w.venueId, "Kasse 2");
    card = w.cards.getFirst();
  }

  Visit admission(long seq, String cardNumber, Instant at) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, cardNumber, 1, w.offerId, w.venueId,
        w.terminal.terminalId(), at, 0, Set.of());
  }

  Visit correction(long seq, VisitKind kind, UUID refersTo, String cardNumber, Instant at, int companions) {
    return new Visit(UUID.randomUUID(), seq, kind, refersTo, cardNumber, 1, w.offerId, w.venueId,
        w.terminal.terminalId(), at, companions, Set.of());
  }

  List<VisitAck> upload(List<Visit> visits) {
    Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(), new VisitBatch(w.terminal.terminalId(), visits,
        null));
    return ok(r, 200) == null ? null : r.as(VisitBatchAck.class).items();
  }

  /** The card's usage rows under the offer: period → net. */
  Map<String, Integer> usage(String cardNumber) {
    return ts.testDb.db.read(sql -> {
      Map<String, Integer> out = new TreeMap<>();
      sql.list("SELECT period_key, net FROM card_usage WHERE card_number = ? AND offer_id = ?",
          r -> out.put(r.string("period_key"), r.intValue("net")), cardNumber, w.offerId);
      return out;
    });
  }

  /** The stored period of a visit. */
  String storedPeriod(UUID id) {
    return ts.testDb.db.read(sql -> sql.one("SELECT period_key FROM visit WHERE id = ?", r -> r.string("period_key"),
        id).orElseThrow());
  }

  LedgerSnapshot snapshotOfSecond() {
    return c.get(ApiPaths.LEDGER_SNAPSHOT, second.token()).as(LedgerSnapshot.class);
  }

  List<UsageCount> deltaOfSecond(String since) {
    return c.get(ApiPaths.LEDGER_DELTA + "?since=" + since, second.token()).as(LedgerDelta.class).usage();
  }

  /** Every count other terminals learn for the card, period → net. */
  static Map<String, Integer> counts(List<UsageCount> usage, String cardNumber) {
    Map<String, Integer> out = new TreeMap<>();
    for (UsageCount u : usage) {
      if (u.cardNumber().equals(cardNumber)) {
        out.put(u.period(), u.count());
      }
    }
    return out;
  }

  /** No usage row and no ledger count of the card is in 2027 except zero. */
  void nothingCountedIn2027(Map<String, Integer> usage, Map<String, Integer> ledger) {
    assertEquals(0, usage.getOrDefault("2027", 0), "card_usage " + usage);
    assertEquals(0, ledger.getOrDefault("2027", 0), "ledger " + ledger);
  }

  @Test
  void aVoidAfterMidnightInTheSameBatchTakesBackItsAdmissionInTheOldYear() {
    String cursor = snapshotOfSecond().cursor();
    Visit admitted = admission(1, card, BEFORE_MIDNIGHT);
    Visit voided = correction(2, VisitKind.VOID, admitted.id(), card, AFTER_MIDNIGHT, 0);
    upload(List.of(admitted, voided)).forEach(a -> assertEquals(AckStatus.STORED, a.status()));

    assertEquals(Map.of("2026", 0), usage(card));
    assertEquals(Map.of("2026", 0), counts(snapshotOfSecond().usage(), card));
    assertEquals(Map.of("2026", 0), counts(deltaOfSecond(cursor), card));
    assertEquals("2026", storedPeriod(voided.id()));
  }

  @Test
  void aVoidAfterMidnightInALaterBatchTakesBackItsAdmissionInTheOldYear() {
    String cursor = snapshotOfSecond().cursor();
    Visit admitted = admission(1, card, BEFORE_MIDNIGHT);
    upload(List.of(admitted));
    Visit voided = correction(2, VisitKind.VOID, admitted.id(), card, AFTER_MIDNIGHT, 0);
    assertEquals(AckStatus.STORED, upload(List.of(voided)).getFirst().status());

    Map<String, Integer> usage = usage(card);
    assertEquals(0, usage.get("2026"), usage::toString);
    Map<String, Integer> snapshot = counts(snapshotOfSecond().usage(), card);
    assertEquals(0, snapshot.get("2026"), snapshot::toString);
    nothingCountedIn2027(usage, snapshot);
    Map<String, Integer> delta = counts(deltaOfSecond(cursor), card);
    assertEquals(0, delta.get("2026"), delta::toString);
    nothingCountedIn2027(usage, delta);
    assertEquals("2026", storedPeriod(voided.id()));
  }

  @Test
  void theNewYearsQuotaIsWholeAfterAVoidAcrossMidnight() {
    Visit admitted = admission(1, card, BEFORE_MIDNIGHT);
    upload(List.of(admitted));
    upload(List.of(correction(2, VisitKind.VOID, admitted.id(), card, AFTER_MIDNIGHT, 0)));

    List<VisitAck> acks = upload(List.of(admission(3, card, AFTER_MIDNIGHT.plusSeconds(3600)),
        admission(4, card, AFTER_MIDNIGHT.plusSeconds(7200)), admission(5, card, AFTER_MIDNIGHT.plusSeconds(10_800))));
    assertEquals(Set.of(), acks.get(0).flags());
    assertEquals(Set.of(), acks.get(1).flags(), "the second of a quota of two is within it");
    assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), acks.get(2).flags(), "the void gave 2027 nothing back");
    assertEquals(Map.of("2026", 0, "2027", 3), usage(card));
  }

  @Test
  void companionsAddedAfterMidnightAreStoredInTheAdmissionsPeriod() {
    Visit admitted = admission(1, card, BEFORE_MIDNIGHT);
    Visit added = correction(2, VisitKind.COMPANIONS, admitted.id(), card, AFTER_MIDNIGHT, 1);
    upload(List.of(admitted, added));
    Visit later = correction(3, VisitKind.COMPANIONS, admitted.id(), card, AFTER_MIDNIGHT.plusSeconds(10), 1);
    upload(List.of(later));

    assertEquals("2026", storedPeriod(added.id()));
    assertEquals("2026", storedPeriod(later.id()));
    assertEquals(Map.of("2026", 1), usage(card));
    assertEquals(Map.of("2026", 1), counts(snapshotOfSecond().usage(), card));
  }

  @Test
  void repeatedCorrectionsAreCountedOnce() {
    Visit admitted = admission(1, card, BEFORE_MIDNIGHT);
    Visit voided = correction(2, VisitKind.VOID, admitted.id(), card, AFTER_MIDNIGHT, 0);
    upload(List.of(admitted));
    upload(List.of(voided));
    // The acknowledgements were lost: both come again, with a new admission in 2027.
    List<VisitAck> acks = upload(List.of(admitted, voided, admission(3, card, AFTER_MIDNIGHT.plusSeconds(60))));
    assertEquals(List.of(AckStatus.DUPLICATE, AckStatus.DUPLICATE, AckStatus.STORED),
        acks.stream().map(VisitAck::status).toList());
    assertEquals(Map.of("2026", 0, "2027", 1), usage(card));
    assertEquals(Map.of("2026", 0, "2027", 1), counts(snapshotOfSecond().usage(), card));
  }

  @Test
  void aVoidOfAnAdmissionTheServerDoesNotKnowIsKeptButTakesNothingBack() {
    // One refers to no visit at all, one to an admission refused in the same batch.
    Visit refused = new Visit(UUID.randomUUID(), 2, VisitKind.ADMISSION, null, card, 1, w.offerId, w.venueId,
        w.terminal.terminalId(), BEFORE_MIDNIGHT, 99, Set.of());
    Visit unknown = correction(1, VisitKind.VOID, UUID.randomUUID(), card, AFTER_MIDNIGHT, 0);
    Visit ofRefused = correction(3, VisitKind.VOID, refused.id(), card, AFTER_MIDNIGHT.plusSeconds(5), 0);
    Visit companions = correction(4, VisitKind.COMPANIONS, UUID.randomUUID(), card, AFTER_MIDNIGHT, 1);
    List<VisitAck> acks = upload(List.of(unknown, refused, ofRefused, companions));
    assertEquals(List.of(AckStatus.STORED, AckStatus.REFUSED, AckStatus.STORED, AckStatus.STORED),
        acks.stream().map(VisitAck::status).toList());
    assertEquals(3, ok(c.get("/api/v1/venues/" + w.venueId + "/visits?from=2026-12-01&to=2027-02-01", w.admin),
        200).size(), "the corrections are kept");

    assertEquals(Map.of(), usage(card), "nothing taken back, in no period");
    assertEquals(Map.of(), counts(snapshotOfSecond().usage(), card));
    acks = upload(List.of(admission(5, card, AFTER_MIDNIGHT.plusSeconds(60)),
        admission(6, card, AFTER_MIDNIGHT.plusSeconds(120)), admission(7, card, AFTER_MIDNIGHT.plusSeconds(180))));
    assertEquals(List.of(Set.of(), Set.of(), Set.of(VisitFlag.OFFLINE_CONFLICT)),
        acks.stream().map(VisitAck::flags).toList(), "the new year's quota of 2 as it stands");
    assertEquals(Map.of("2027", 3), counts(snapshotOfSecond().usage(), card));

    // A repeat of the void, once an admission of that id is stored, changes no count.
    upload(List.of(new Visit(refused.id(), 2, VisitKind.ADMISSION, null, card, 1, w.offerId, w.venueId,
        w.terminal.terminalId(), BEFORE_MIDNIGHT, 0, Set.of())));
    Map<String, Integer> before = usage(card);
    assertEquals(AckStatus.DUPLICATE, upload(List.of(ofRefused)).getFirst().status());
    assertEquals(before, usage(card));
  }

  @Test
  void aCorrectionNamingAnotherCardOrOfferIsRefusedAndTakesNothingBack() {
    String other = w.cards.get(1);
    Visit admitted = admission(1, card, BEFORE_MIDNIGHT);
    upload(List.of(admitted));
    Visit otherCard = correction(2, VisitKind.VOID, admitted.id(), other, AFTER_MIDNIGHT, 0);
    Visit otherOffer = new Visit(UUID.randomUUID(), 3, VisitKind.COMPANIONS, admitted.id(), card, 1,
        ts.server.offers.create(w.venueId, new no.klipp.server.offer.OfferRequest("Kafé", 2, null, 1, null, null, null,
            null, 0L, 100, false)).id(), w.venueId, w.terminal.terminalId(), AFTER_MIDNIGHT, 1, Set.of());
    List<VisitAck> acks = upload(List.of(otherCard, otherOffer));

    assertEquals(List.of(AckStatus.REFUSED, AckStatus.REFUSED), acks.stream().map(VisitAck::status).toList());
    assertTrue(acks.getFirst().reason().contains("another card or offer"), acks.getFirst().reason());
    assertEquals(Map.of("2026", 1), usage(card), "the admission still counts");
    assertEquals(Map.of(), usage(other));
    assertEquals(Map.of("2026", 1), counts(snapshotOfSecond().usage(), card));
    assertEquals(List.of(1L, 0L, 0L), statsOfTheDay(), "admissions, voids, companions: as the usage");
  }

  @Test
  void anAdmissionIsVoidedOnceWhateverTheTerminalSends() {
    Visit admitted = admission(1, card, BEFORE_MIDNIGHT);
    Visit voided = correction(2, VisitKind.VOID, admitted.id(), card, AFTER_MIDNIGHT, 0);
    Visit again = correction(3, VisitKind.VOID, admitted.id(), card, AFTER_MIDNIGHT.plusSeconds(1), 0);
    List<VisitAck> acks = upload(List.of(admitted, voided, again));
    assertEquals(List.of(AckStatus.STORED, AckStatus.STORED, AckStatus.REFUSED),
        acks.stream().map(VisitAck::status).toList(), "a second void in the same batch");
    assertTrue(acks.get(2).reason().contains("already voided"), acks.get(2).reason());

    // In later batches: another void, companions added to the voided admission, and the first void
    // sent again (its acknowledgement lost), which stays a duplicate.
    Visit third = correction(4, VisitKind.VOID, admitted.id(), card, AFTER_MIDNIGHT.plusSeconds(2), 0);
    Visit companions = correction(5, VisitKind.COMPANIONS, admitted.id(), card, AFTER_MIDNIGHT.plusSeconds(3), 1);
    acks = upload(List.of(voided, third, companions));
    assertEquals(List.of(AckStatus.DUPLICATE, AckStatus.REFUSED, AckStatus.REFUSED),
        acks.stream().map(VisitAck::status).toList());

    assertEquals(Map.of("2026", 0), usage(card), "taken back once, not below zero");
    assertEquals(Map.of("2026", 0), counts(snapshotOfSecond().usage(), card));
    assertEquals(List.of(1L, 1L, 0L), statsOfTheDay(), "admissions, voids, companions");
    // The card's quota of 2 in 2026 is whole again: two more admissions are within it.
    acks = upload(List.of(admission(6, card, BEFORE_MIDNIGHT.plusSeconds(1)),
        admission(7, card, BEFORE_MIDNIGHT.plusSeconds(2))));
    assertEquals(List.of(Set.of(), Set.of()), acks.stream().map(VisitAck::flags).toList());
  }

  @Test
  void aVoidSentWithItsAdmissionAgainTakesBackWhereTheAdmissionWasStored() {
    Visit admitted = admission(1, card, BEFORE_MIDNIGHT);
    upload(List.of(admitted));
    // The offer now counts by month, so the admission sent again would come out in 2026-12.
    ok(c.put("/api/v1/offers/" + w.offerId, w.admin, Map.of("name", "Billett", "quota", 2, "period", "MONTH")), 200);
    Visit voided = correction(2, VisitKind.VOID, admitted.id(), card, AFTER_MIDNIGHT, 0);
    List<VisitAck> acks = upload(List.of(admitted, voided));

    assertEquals(List.of(AckStatus.DUPLICATE, AckStatus.STORED), acks.stream().map(VisitAck::status).toList());
    assertEquals("2026", storedPeriod(voided.id()));
    // The admission sent again leaves a row of 0 in 2026-12 (added, then taken out as a repeat).
    Map<String, Integer> usage = usage(card);
    assertEquals(0, usage.get("2026"), usage::toString);
    assertEquals(0, usage.getOrDefault("2026-12", 0), "no -1 in a period the admission was never in: " + usage);
    assertEquals(Map.of("2026", 0), counts(snapshotOfSecond().usage(), card));
  }

  /** The offer's admissions, voids and companions on 31 December 2026, once the statistics are folded. */
  List<Long> statsOfTheDay() {
    ts.server.statsFolder.foldAll();
    return ts.testDb.db.read(sql -> sql.one("SELECT admissions, voids, companions FROM stats_offer_day"
            + " WHERE offer_id = ? AND day = ?",
        r -> List.of(r.longValue("admissions"), r.longValue("voids"), r.longValue("companions")), w.offerId,
        java.time.LocalDate.of(2026, 12, 31)).orElse(List.of()));
  }
}
