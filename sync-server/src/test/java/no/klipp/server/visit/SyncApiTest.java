package no.klipp.server.visit;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.SequenceGap;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.support.Client;
import no.klipp.server.support.HeldLocks;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyncApiTest extends OnBothDatabases {

  World w;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
  }

  Visit admission(EnrollResponse t, long seq, String card, Instant at) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, card, 1, w.offerId, t.venueId(),
        t.terminalId(), at, 1, Set.of());
  }

  VisitBatchAck upload(EnrollResponse t, List<Visit> visits) {
    Client.Response r = c.post(ApiPaths.VISITS, t.token(), new VisitBatch(t.terminalId(), visits, null));
    ok(r, 200);
    return r.as(VisitBatchAck.class);
  }

  long stored(EnrollResponse t) {
    return ts.testDb.db.read(sql -> new VisitRepository().count(sql, t.terminalId()));
  }

  @Test
  void repeatedUploadStoresNothingTwice() {
    List<Visit> visits = List.of(admission(w.terminal, 1, w.cards.get(0), TestServer.START),
        admission(w.terminal, 2, w.cards.get(1), TestServer.START));
    VisitBatchAck first = upload(w.terminal, visits);
    assertEquals(List.of(AckStatus.STORED, AckStatus.STORED), first.items().stream().map(a -> a.status()).toList());
    VisitBatchAck second = upload(w.terminal, visits);
    assertEquals(List.of(AckStatus.DUPLICATE, AckStatus.DUPLICATE),
        second.items().stream().map(a -> a.status()).toList());
    assertEquals(2, stored(w.terminal));
    assertEquals(TestServer.START, second.serverTime());
  }

  /**
   * The card ends the batch within its quota of two, yet one admission in the middle of the batch
   * was over it: a void later in the same batch does not hide that. Nor does another card's:
   * both ends are within the quota, and only the count in between passes it.
   */
  @Test
  void anAdmissionOverTheQuotaIsFlaggedThoughAVoidLaterInTheBatchBringsTheCardBackWithinIt() {
    String card = w.cards.get(0);
    upload(w.terminal, List.of(admission(w.terminal, 1, card, TestServer.START)));
    Visit second = admission(w.terminal, 2, card, TestServer.START.plusSeconds(60));
    Visit third = admission(w.terminal, 3, card, TestServer.START.plusSeconds(120));
    Visit voided = new Visit(UUID.randomUUID(), 4, VisitKind.VOID, third.id(), card, 1, w.offerId, w.venueId,
        w.terminal.terminalId(), TestServer.START.plusSeconds(180), 0, Set.of());
    VisitBatchAck ack = upload(w.terminal, List.of(second, third, voided));
    assertEquals(List.of(Set.of(), Set.of(VisitFlag.OFFLINE_CONFLICT), Set.of()),
        ack.items().stream().map(a -> a.flags()).toList());
  }

  @Test
  void aRepeatInAMixedBatchIsNotCountedTwiceAgainstTheQuota() {
    String card = w.cards.get(0);
    Visit first = admission(w.terminal, 1, card, TestServer.START);
    upload(w.terminal, List.of(first));
    Visit second = admission(w.terminal, 2, card, TestServer.START.plusSeconds(60));
    VisitBatchAck ack = upload(w.terminal, List.of(first, second));
    assertEquals(List.of(AckStatus.DUPLICATE, AckStatus.STORED), ack.items().stream().map(a -> a.status()).toList());
    assertEquals(Set.of(), ack.items().get(1).flags(), "the second of a quota of two is within it");
    JsonNode listed = ok(c.get("/api/v1/venues/" + w.venueId + "/visits?from=2026-01-01&to=2026-12-31", w.admin), 200);
    assertEquals(2, listed.size());
    listed.forEach(v -> assertEquals(0, v.get("flags").size(), v.toString()));
    Visit third = admission(w.terminal, 3, card, TestServer.START.plusSeconds(120));
    ack = upload(w.terminal, List.of(second, third));
    assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), ack.items().get(1).flags());
  }

  /**
   * Whoever chooses the cards of a targeted offer must not read from the venue's list when each of
   * those children came (that is the logged card look-up's to show), however many cards it is
   * chosen for later; the venue's own staff, who never see which cards were chosen, see it all.
   */
  @Test
  void aVenuesVisitsUnderTargetedOffersAreListedOnlyToTheVenuesOwnStaff() {
    String targeted = ok(c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin, Map.of("name", "Sommerkort",
        "targeted", true, "refundPercent", 100)), 201).get("id").asText();
    ok(c.put("/api/v1/offers/" + targeted + "/cards", w.admin, Map.of("cardNumbers", List.of(w.cards.get(0)))), 200);
    Instant at = TestServer.START.plusSeconds(60);
    Visit chosen = new Visit(UUID.randomUUID(), 1, VisitKind.ADMISSION, null, w.cards.get(0), 1, targeted,
        w.venueId, w.terminal.terminalId(), at, 0, Set.of());
    Visit ordinary = admission(w.terminal, 2, w.cards.get(1), at.plusSeconds(60));
    assertEquals(List.of(AckStatus.STORED, AckStatus.STORED),
        upload(w.terminal, List.of(chosen, ordinary)).items().stream().map(VisitAck::status).toList());
    String visits = "/api/v1/venues/" + w.venueId + "/visits?from=2026-01-01&to=2026-12-31";
    ts.user(w.scheme.id(), "kasse", no.klipp.server.auth.Role.VENUE, w.venueId);
    ts.user(w.scheme.id(), "saksbehandler", no.klipp.server.auth.Role.CASEWORKER, null);

    for (String token : List.of(w.admin, ts.login("saksbehandler"))) {
      Map<String, JsonNode> listed = byId(ok(c.get(visits, token), 200));
      assertEquals(Set.of(ordinary.id().toString()), listed.keySet());
      assertEquals(w.offerId, listed.get(ordinary.id().toString()).get("offerId").asText());
    }
    Map<String, JsonNode> venueStaff = byId(ok(c.get(visits, ts.login("kasse")), 200));
    assertEquals(targeted, venueStaff.get(chosen.id().toString()).get("offerId").asText());
    assertEquals(2, venueStaff.size());

    // Chosen for five cards afterwards, the old visits still do not show.
    JsonNode more = ok(c.post("/api/v1/schemes/" + w.scheme.id() + "/cards/batch", w.admin, Map.of("cards",
        List.of(Map.of("firstName", "Per", "birthYear", 2015), Map.of("firstName", "Siv", "birthYear", 2015)))), 201);
    List<String> five = new ArrayList<>(w.cards);
    more.forEach(card -> five.add(card.get("card").get("cardNumber").asText()));
    ok(c.put("/api/v1/offers/" + targeted + "/cards", w.admin, Map.of("cardNumbers", five)), 200);
    assertEquals(Set.of(ordinary.id().toString()), byId(ok(c.get(visits, w.admin), 200)).keySet());
  }

  private static Map<String, JsonNode> byId(JsonNode list) {
    Map<String, JsonNode> out = new java.util.HashMap<>();
    list.forEach(v -> out.put(v.get("id").asText(), v));
    return out;
  }

  @Test
  void visitsAreListedByTheSchemesDaysNotUtcDays() {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Oslo: a visit of 2 March, as statistics and refunds count it.
    Instant lateNight = Instant.parse("2026-03-01T23:30:00Z");
    upload(w.terminal, List.of(admission(w.terminal, 1, w.cards.get(0), lateNight)));
    String visits = "/api/v1/venues/" + w.venueId + "/visits";
    assertEquals(1, ok(c.get(visits + "?from=2026-03-02&to=2026-03-02", w.admin), 200).size());
    assertEquals(0, ok(c.get(visits + "?from=2026-03-01&to=2026-03-01", w.admin), 200).size());
  }

  /**
   * Batches big enough to be copied in whole on PostgreSQL: a new one is stored with the flags its
   * acknowledgement gives; one holding visits stored before (a lost acknowledgement) has its copy
   * undone and only the new visits stored, once each.
   */
  @Test
  void largeBatchesStoreEachVisitOnceWithItsFlags() {
    int half = VisitRepository.COPY_MIN + 50;
    List<Visit> visits = new ArrayList<>();
    for (int i = 1; i <= 2 * half; i++) {
      visits.add(admission(w.terminal, i, w.cards.get(i % w.cards.size()), TestServer.START.plusSeconds(60L * i)));
    }
    List<VisitAck> acks = new ArrayList<>(upload(w.terminal, visits.subList(0, half)).items());
    acks.forEach(a -> assertEquals(AckStatus.STORED, a.status()));

    VisitBatchAck whole = upload(w.terminal, visits);
    for (int i = 0; i < visits.size(); i++) {
      assertEquals(i < half ? AckStatus.DUPLICATE : AckStatus.STORED, whole.items().get(i).status(), "item " + i);
    }
    acks.addAll(whole.items().subList(half, visits.size()));
    assertEquals(visits.size(), stored(w.terminal));
    assertEquals(List.of(), whole.gaps());

    Map<String, Set<String>> storedFlags = new java.util.HashMap<>();
    for (JsonNode v : ok(c.get("/api/v1/venues/" + w.venueId + "/visits?from=2026-01-01&to=2027-12-31", w.admin), 200)) {
      Set<String> flags = new java.util.HashSet<>();
      v.get("flags").forEach(f -> flags.add(f.asText()));
      storedFlags.put(v.get("id").asText(), flags);
    }
    assertEquals(visits.size(), storedFlags.size());
    int conflicts = 0;
    for (int i = 0; i < visits.size(); i++) {
      Set<String> acked = new java.util.HashSet<>();
      acks.get(i).flags().forEach(f -> acked.add(f.name()));
      assertEquals(acked, storedFlags.get(visits.get(i).id().toString()), "flags of visit " + i);
      conflicts += acked.contains(VisitFlag.OFFLINE_CONFLICT.name()) ? 1 : 0;
    }
    assertTrue(conflicts > half, "most of these visits are over the quota of two a year: " + conflicts);

    upload(w.terminal, visits).items().forEach(a -> assertEquals(AckStatus.DUPLICATE, a.status()));
    assertEquals(visits.size(), stored(w.terminal));
  }

  /** A card's visits over a year and a half: over the quota of 2, a void, companions, a new year, a repeat. */
  List<Visit> cardStory(EnrollResponse t, String card) {
    List<Visit> out = new ArrayList<>();
    Instant at = TestServer.START;
    for (int i = 1; i <= 3; i++) {
      out.add(admission(t, i, card, at.plusSeconds(60L * i)));
    }
    out.add(new Visit(UUID.randomUUID(), 4, VisitKind.VOID, out.get(2).id(), card, 1, w.offerId, t.venueId(),
        t.terminalId(), at.plusSeconds(300), 0, Set.of()));
    out.add(admission(t, 5, card, at.plusSeconds(360)));
    out.add(new Visit(UUID.randomUUID(), 6, VisitKind.COMPANIONS, out.get(4).id(), card, 1, w.offerId,
        t.venueId(), t.terminalId(), at.plusSeconds(420), 1, Set.of()));
    out.add(admission(t, 7, card, at.plusSeconds(480)));
    out.add(out.get(1));
    out.add(admission(t, 8, card, at.plus(Duration.ofDays(320))));
    out.add(admission(t, 9, card, at.plus(Duration.ofDays(330))));
    out.add(admission(t, 10, card, at.plus(Duration.ofDays(340))));
    out.add(admission(t, 11, card, at.plus(Duration.ofDays(500))));
    return out;
  }

  @Test
  void oneBatchIsJudgedAsTheSameVisitsUploadedOneByOne() {
    EnrollResponse second = w.enroll(w.venueId, "Kasse 2");
    List<Visit> oneByOne = cardStory(w.terminal, w.cards.get(0));
    List<List<Object>> expected = new ArrayList<>();
    for (Visit v : oneByOne) {
      var ack = upload(w.terminal, List.of(v)).items().getFirst();
      expected.add(List.of(ack.status(), ack.flags()));
    }
    List<List<Object>> together = new ArrayList<>();
    for (var ack : upload(second, cardStory(second, w.cards.get(1))).items()) {
      together.add(List.of(ack.status(), ack.flags()));
    }
    assertEquals(expected, together);
    // The story is not trivial: the quota, the void and the card's validity all show in it.
    assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), expected.get(2).get(1));
    assertEquals(Set.of(), expected.get(3).get(1));
    assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), expected.get(4).get(1), "net 2 after the void, so 3 again");
    assertTrue(!((Set<?>) expected.get(8).get(1)).contains(VisitFlag.OFFLINE_CONFLICT), "a new year, a new quota");
    assertEquals(AckStatus.DUPLICATE, expected.get(7).get(0));
    assertTrue(expected.stream().anyMatch(e -> ((Set<?>) e.get(1)).contains(VisitFlag.OUTSIDE_VALIDITY)), expected::toString);
  }

  @Test
  void aVisitThatLeavesOutItsTerminalAndVenueIsStoredAsTheUploaders() {
    Visit bare = new Visit(UUID.randomUUID(), 1, VisitKind.ADMISSION, null, w.cards.get(0), 1, w.offerId, null, null,
        TestServer.START, 0, Set.of());
    VisitBatchAck ack = upload(w.terminal, List.of(bare, admission(w.terminal, 2, w.cards.get(1), TestServer.START)));
    assertEquals(List.of(AckStatus.STORED, AckStatus.STORED), ack.items().stream().map(a -> a.status()).toList());
    assertEquals(2, stored(w.terminal));
    JsonNode listed = ok(c.get("/api/v1/venues/" + w.venueId + "/visits?from=2026-01-01&to=2026-12-31", w.admin), 200);
    assertEquals(2, listed.size());
    listed.forEach(v -> assertEquals(w.terminal.terminalId(), v.get("terminalId").asText(), v.toString()));
  }

  @Test
  void concurrentRepeatsOfOneBatchStoreEachVisitOnce() throws Exception {
    List<Visit> visits = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      visits.add(admission(w.terminal, i, w.cards.get(i % 3), TestServer.START.plusSeconds(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<VisitBatchAck>> acks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        acks.add(pool.submit(() -> upload(w.terminal, visits)));
      }
      long storedAcks = 0;
      for (Future<VisitBatchAck> f : acks) {
        storedAcks += f.get().items().stream().filter(a -> a.status() == AckStatus.STORED).count();
      }
      assertEquals(200, storedAcks, "each visit acknowledged as stored exactly once");
    } finally {
      pool.shutdown();
    }
    assertEquals(200, stored(w.terminal));
  }

  @Test
  void manyTerminalsUploadingAtOnceStoreEachVisitOnce() throws Exception {
    List<EnrollResponse> terminals = new ArrayList<>(List.of(w.terminal));
    for (int i = 2; i <= 8; i++) {
      terminals.add(w.enroll(w.venueId, "Kasse " + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<VisitBatchAck>> acks = new ArrayList<>();
      for (EnrollResponse t : terminals) {
        List<Visit> visits = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
          visits.add(admission(t, s, w.cards.get(s - 1), TestServer.START.plusSeconds(s)));
        }
        // Each batch twice at once (a retry racing its original): one of the two stores it.
        acks.add(pool.submit(() -> upload(t, visits)));
        acks.add(pool.submit(() -> upload(t, visits)));
      }
      long storedAcks = 0;
      for (Future<VisitBatchAck> f : acks) {
        VisitBatchAck ack = f.get();
        assertEquals(List.of(), ack.gaps());
        storedAcks += ack.items().stream().filter(a -> a.status() == AckStatus.STORED).count();
      }
      assertEquals(8 * 3, storedAcks, "each visit acknowledged as stored exactly once");
    } finally {
      pool.shutdown();
    }
    for (EnrollResponse t : terminals) {
      assertEquals(3, stored(t));
      assertEquals(3, ts.server.terminals.get(t.terminalId()).sequenceComplete());
    }
  }

  @Test
  void sequenceGapsAreReportedUntilFilled() {
    VisitBatchAck ack = upload(w.terminal, List.of(admission(w.terminal, 1, w.cards.get(0), TestServer.START),
        admission(w.terminal, 2, w.cards.get(1), TestServer.START),
        admission(w.terminal, 5, w.cards.get(2), TestServer.START)));
    assertEquals(List.of(new SequenceGap(3, 4)), ack.gaps());
    ack = upload(w.terminal, List.of(admission(w.terminal, 4, w.cards.get(0), TestServer.START),
        admission(w.terminal, 8, w.cards.get(0), TestServer.START)));
    assertEquals(List.of(new SequenceGap(3, 3), new SequenceGap(6, 7)), ack.gaps());
    ack = upload(w.terminal, List.of(admission(w.terminal, 3, w.cards.get(1), TestServer.START),
        admission(w.terminal, 6, w.cards.get(1), TestServer.START),
        admission(w.terminal, 7, w.cards.get(1), TestServer.START)));
    assertEquals(List.of(), ack.gaps());
    assertEquals(8, ts.server.terminals.get(w.terminal.terminalId()).sequenceComplete());
  }

  VisitBatchAck report(EnrollResponse t, int waiting, Long lastSequence) {
    Client.Response r = c.post(ApiPaths.VISITS, t.token(),
        new VisitBatch(t.terminalId(), List.of(), new TerminalReport("1.0", waiting, null, lastSequence)));
    ok(r, 200);
    return r.as(VisitBatchAck.class);
  }

  /**
   * The server's database restored from a backup older than its last acknowledgements: the
   * terminal holds visits 2 and 3 as delivered and records nothing new, so no later number shows
   * the hole; its report of the last number it recorded does.
   */
  @Test
  void anIdleTerminalsReportAsksAgainForVisitsTheServerLostAfterAcknowledgingThem() {
    List<Visit> visits = List.of(admission(w.terminal, 1, w.cards.get(0), TestServer.START),
        admission(w.terminal, 2, w.cards.get(1), TestServer.START),
        admission(w.terminal, 3, w.cards.get(2), TestServer.START));
    assertEquals(List.of(), upload(w.terminal, visits).gaps());
    assertEquals(List.of(), report(w.terminal, 0, 3L).gaps(), "nothing is missing");
    ts.testDb.db.transaction(sql -> {
      sql.update("DELETE FROM visit WHERE terminal_id = ? AND sequence > 1", w.terminal.terminalId());
      return sql.update("UPDATE terminal SET sequence_complete = 1 WHERE id = ?", w.terminal.terminalId());
    });

    assertEquals(List.of(new SequenceGap(2, 3)), report(w.terminal, 0, 3L).gaps());
    assertEquals(List.of(), report(w.terminal, 2, 3L).gaps(), "visits still waiting on the terminal are not lost");
    assertEquals(List.of(), report(w.terminal, 0, null).gaps(), "an older terminal does not say");
    assertEquals(List.of(), upload(w.terminal, visits.subList(1, 3)).gaps());
    assertEquals(3, stored(w.terminal));
    assertEquals(List.of(), report(w.terminal, 0, 3L).gaps());
  }

  /**
   * Visits the server lost after the terminal deleted them: told of the gap at each sync, the
   * terminal sends what it still holds (3) and then, three times in a row (a report with visits
   * waiting starts the count again), reports that nothing waits. The rest (4) is recorded as lost,
   * and the gap is no longer answered.
   */
  @Test
  void aGapNeitherSideHoldsIsRecordedAsLostAfterThreeIdleReports() throws Exception {
    String id = w.terminal.terminalId();
    assertEquals(0, ts.server.terminals.get(id).visitsLost());
    assertEquals(List.of(new SequenceGap(3, 4)), upload(w.terminal, List.of(
        admission(w.terminal, 1, w.cards.get(0), TestServer.START), admission(w.terminal, 2, w.cards.get(1),
            TestServer.START), admission(w.terminal, 5, w.cards.get(2), TestServer.START))).gaps());
    assertEquals(List.of(new SequenceGap(3, 4)), report(w.terminal, 0, 5L).gaps());
    assertEquals(List.of(new SequenceGap(3, 4)), report(w.terminal, 0, 5L).gaps());
    assertEquals(List.of(new SequenceGap(4, 4)),
        upload(w.terminal, List.of(admission(w.terminal, 3, w.cards.get(0), TestServer.START))).gaps(),
        "it still held 3");
    assertEquals(List.of(new SequenceGap(4, 4)), report(w.terminal, 0, 5L).gaps());
    assertEquals(List.of(new SequenceGap(4, 4)), report(w.terminal, 2, 5L).gaps(), "visits wait: not idle");
    assertEquals(List.of(new SequenceGap(4, 4)), report(w.terminal, 0, 5L).gaps());
    assertEquals(List.of(new SequenceGap(4, 4)), report(w.terminal, 0, 5L).gaps());
    assertEquals(List.of(), report(w.terminal, 0, 5L).gaps(), "three idle reports in a row");

    assertEquals(5, ts.server.terminals.get(id).sequenceComplete());
    assertEquals(List.of("4 " + VisitIngest.LOST), ts.testDb.db.read(sql -> sql.list(
        "SELECT sequence, reason FROM refused_visit WHERE terminal_id = ?",
        r -> r.longValue("sequence") + " " + r.string("reason"), id)));
    assertEquals(4, stored(w.terminal));
    assertEquals(List.of(), upload(w.terminal, List.of(admission(w.terminal, 6, w.cards.get(1), TestServer.START)))
        .gaps());
    // Whoever looks after the terminal sees it, in the API and beside it on its venue's page.
    assertEquals(1, ok(ts.client.get("/api/v1/terminals/" + id, w.admin), 200).get("visitsLost").asLong());
    String page = dashboardPage("/venues/" + w.venueId);
    assertTrue(page.contains("<span class=\"badge lost\">1 besøk tapt</span>"), page);
  }

  /** A dashboard page as the scheme's administrator sees it (the API's sign-in gives the dashboard's sessions). */
  private String dashboardPage(String path) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
        .newBuilder(java.net.URI.create("http://127.0.0.1:" + ts.server.http.port()
            + no.klipp.server.dashboard.Dashboard.ROOT + path))
        .header("Cookie", "klipp_session=" + w.admin).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  @Test
  void anInOrderBatchAfterAnEarlyOneMovesTheMarkPastBoth() {
    VisitBatchAck ack = upload(w.terminal, List.of(admission(w.terminal, 3, w.cards.get(0), TestServer.START),
        admission(w.terminal, 4, w.cards.get(1), TestServer.START)));
    assertEquals(List.of(new SequenceGap(1, 2)), ack.gaps());
    assertEquals(0, ts.server.terminals.get(w.terminal.terminalId()).sequenceComplete());
    // 1 and 2 continue the mark without a hole; 3 and 4, sent before, must still be found above them.
    ack = upload(w.terminal, List.of(admission(w.terminal, 1, w.cards.get(2), TestServer.START),
        admission(w.terminal, 2, w.cards.get(2), TestServer.START)));
    assertEquals(List.of(), ack.gaps());
    assertEquals(4, ts.server.terminals.get(w.terminal.terminalId()).sequenceComplete());
    // A refused item's number counts as arrived on the in-order path too.
    Visit badCard = admission(w.terminal, 6, "1234567890", TestServer.START);
    ack = upload(w.terminal, List.of(admission(w.terminal, 5, w.cards.get(0), TestServer.START), badCard));
    assertEquals(AckStatus.REFUSED, ack.items().get(1).status());
    assertEquals(List.of(), ack.gaps());
    assertEquals(6, ts.server.terminals.get(w.terminal.terminalId()).sequenceComplete());
    ack = upload(w.terminal, List.of(admission(w.terminal, 8, w.cards.get(1), TestServer.START)));
    assertEquals(List.of(new SequenceGap(7, 7)), ack.gaps());
  }

  @Test
  void anOfferChangedAfterAnUploadJudgesTheNextUpload() {
    String card = w.cards.get(0);
    VisitBatchAck ack = upload(w.terminal, List.of(admission(w.terminal, 1, card, TestServer.START)));
    assertEquals(Set.of(), ack.items().getFirst().flags());
    ok(c.put("/api/v1/offers/" + w.offerId, w.admin, Map.of("name", "Billett", "quota", 1, "period",
        "CALENDAR_YEAR", "companions", 1, "priceOre", 12000, "refundPercent", 50)), 200);
    ack = upload(w.terminal, List.of(admission(w.terminal, 2, card, TestServer.START.plusSeconds(60))));
    assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), ack.items().getFirst().flags(), "the new quota of 1 applies");

    String added = ok(c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin, Map.of("name", "Familie",
        "quota", 5, "period", "CALENDAR_YEAR", "companions", 2)), 201).get("id").asText();
    Visit underNewOffer = new Visit(UUID.randomUUID(), 3, VisitKind.ADMISSION, null, card, 1, added, w.venueId,
        w.terminal.terminalId(), TestServer.START.plusSeconds(120), 2, Set.of());
    ack = upload(w.terminal, List.of(underNewOffer));
    assertEquals(AckStatus.STORED, ack.items().getFirst().status(), "a new offer is known at once");
  }

  @Test
  void anOfferChangedThroughAnotherInstanceJudgesTheNextUploadHere() {
    String card = w.cards.get(0);
    upload(w.terminal, List.of(admission(w.terminal, 1, card, TestServer.START)));
    try (no.klipp.server.Server other = ts.anotherInstance()) {
      other.offers.update(w.offerId, new no.klipp.server.offer.OfferRequest("Billett", 1, null, 1, null, null,
          null, null, 12000L, 50, false));
    }
    VisitBatchAck ack = upload(w.terminal, List.of(admission(w.terminal, 2, card, TestServer.START.plusSeconds(60))));
    assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), ack.items().getFirst().flags());
  }

  @Test
  void malformedItemsAreRefusedWithoutBlockingTheOthers() {
    Visit good = admission(w.terminal, 1, w.cards.get(0), TestServer.START);
    Visit badCard = admission(w.terminal, 2, "1234567890", TestServer.START);
    Visit badOffer = new Visit(UUID.randomUUID(), 3, VisitKind.ADMISSION, null, w.cards.get(0), 1, "off_nope",
        w.venueId, w.terminal.terminalId(), TestServer.START, 0, Set.of());
    JsonNode batch = Client.MAPPER.valueToTree(new VisitBatch(w.terminal.terminalId(), List.of(good, badCard, badOffer),
        null));
    ((com.fasterxml.jackson.databind.node.ArrayNode) batch.get("visits")).addObject().put("sequence", 4)
        .put("kind", "SOMERSAULT");
    Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(), batch.toString());
    VisitBatchAck ack = ok(r, 200) == null ? null : r.as(VisitBatchAck.class);
    assertEquals(List.of(AckStatus.STORED, AckStatus.REFUSED, AckStatus.REFUSED, AckStatus.REFUSED),
        ack.items().stream().map(a -> a.status()).toList());
    assertTrue(ack.items().get(1).reason().contains("cardNumber"), ack.items().get(1).reason());
    assertTrue(ack.items().get(2).reason().contains("offer"));
    assertNull(ack.items().get(3).id());
    assertNotNull(ack.items().get(3).reason());
    assertEquals(List.of(), ack.gaps(), "refused items' sequence numbers count as received");
    assertEquals(1, stored(w.terminal));
  }

  /**
   * PostgreSQL's text cannot hold a NUL character: an item carrying one (in its card number, or in
   * a value its refusal quotes) is refused on its own, and the rest of the batch is stored.
   */
  @Test
  void anItemWithANulCharacterIsRefusedWithoutBlockingTheOthers() {
    Visit nulCard = admission(w.terminal, 1, "601055\u00008637", TestServer.START);
    JsonNode batch = Client.MAPPER.valueToTree(new VisitBatch(w.terminal.terminalId(), List.of(nulCard), null));
    ((com.fasterxml.jackson.databind.node.ArrayNode) batch.get("visits")).addObject()
        .put("id", UUID.randomUUID().toString()).put("sequence", 2).put("kind", "ADMISSION\u0000");
    ((com.fasterxml.jackson.databind.node.ArrayNode) batch.get("visits"))
        .add(Client.MAPPER.valueToTree(admission(w.terminal, 3, w.cards.get(0), TestServer.START)));
    Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(), batch.toString());
    VisitBatchAck ack = ok(r, 200) == null ? null : r.as(VisitBatchAck.class);
    assertEquals(List.of(AckStatus.REFUSED, AckStatus.REFUSED, AckStatus.STORED),
        ack.items().stream().map(a -> a.status()).toList());
    assertEquals(List.of(), ack.gaps(), "the refused items' numbers are remembered");
    assertEquals(1, stored(w.terminal));
  }

  @Test
  void offlineVisitsAreKeptAndFlaggedWhenTheyBrokeARule() {
    EnrollResponse second = w.enroll(w.venueId, "Kasse 2");
    String card = w.cards.get(0);
    upload(w.terminal, List.of(admission(w.terminal, 1, card, TestServer.START),
        admission(w.terminal, 2, card, TestServer.START.plusSeconds(60))));
    // The second terminal was offline and admitted the same card a third time: over the quota of 2.
    VisitBatchAck ack = upload(second, List.of(admission(second, 1, card, TestServer.START.plusSeconds(120))));
    assertEquals(AckStatus.STORED, ack.items().getFirst().status());
    assertEquals(Set.of(VisitFlag.OFFLINE_CONFLICT), ack.items().getFirst().flags());

    ok(c.post("/api/v1/cards/" + w.cards.get(1) + "/revoke", w.admin, null), 200);
    ack = upload(second, List.of(admission(second, 2, w.cards.get(1), TestServer.START.plusSeconds(180)),
        admission(second, 3, w.cards.get(2), TestServer.START.plus(Duration.ofDays(800)))));
    assertEquals(Set.of(VisitFlag.REVOKED_CARD), ack.items().get(0).flags());
    assertEquals(Set.of(VisitFlag.OUTSIDE_VALIDITY), ack.items().get(1).flags());
    JsonNode listed = ok(c.get("/api/v1/venues/" + w.venueId + "/visits?from=2026-01-01&to=2030-01-01", w.admin), 200);
    assertEquals(5, listed.size());
  }

  @Test
  void aVisitForAnotherVenueRefusesTheWholeBatch() {
    World other = new World(ts, "Røros");
    Visit mine = admission(w.terminal, 1, w.cards.get(0), TestServer.START);
    Visit theirs = new Visit(UUID.randomUUID(), 2, VisitKind.ADMISSION, null, other.cards.get(0), 1, other.offerId,
        other.venueId, w.terminal.terminalId(), TestServer.START, 0, Set.of());
    Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(),
        new VisitBatch(w.terminal.terminalId(), List.of(mine, theirs), null));
    assertEquals(403, r.status());
    assertEquals(0, stored(w.terminal));
    Client.Response asOther = c.post(ApiPaths.VISITS, w.terminal.token(),
        new VisitBatch(other.terminal.terminalId(), List.of(), null));
    assertEquals(403, asOther.status());
  }

  @Test
  void deltasCarryChangesAndOnlyOtherTerminalsUsage() {
    EnrollResponse second = w.enroll(w.venueId, "Kasse 2");
    LedgerSnapshot snap = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);
    LedgerSnapshot snap2 = c.get(ApiPaths.LEDGER_SNAPSHOT, second.token()).as(LedgerSnapshot.class);
    assertEquals(3, snap.cards().size());

    String newCard = ok(c.post("/api/v1/schemes/" + w.scheme.id() + "/cards", w.admin,
        Map.of("firstName", "Emil", "birthYear", 2012)), 201).get("card").get("cardNumber").asText();
    ok(c.post("/api/v1/cards/" + w.cards.get(1) + "/revoke", w.admin, null), 200);
    ok(c.delete("/api/v1/offers/" + w.offerId, w.admin), 200);
    upload(second, List.of(admission(second, 1, w.cards.get(0), TestServer.START)));
    ts.clock.advance(Duration.ofSeconds(5));

    LedgerDelta delta = c.get(ApiPaths.LEDGER_DELTA + "?since=" + snap.cursor(), w.terminal.token())
        .as(LedgerDelta.class);
    assertTrue(delta.cards().stream().anyMatch(r -> r.cardNumber().equals(newCard)));
    assertTrue(delta.revocations().stream().anyMatch(r -> r.cardNumber().equals(w.cards.get(1))));
    assertEquals(List.of(w.offerId), delta.removedOffers());
    assertEquals(List.of(new UsageCount(w.cards.get(0), w.offerId, "2026", 1)), delta.usage());
    assertNull(delta.scheme());

    LedgerDelta own = c.get(ApiPaths.LEDGER_DELTA + "?since=" + snap2.cursor(), second.token()).as(LedgerDelta.class);
    assertEquals(List.of(), own.usage(), "a terminal's own visits are not in its usage");

    LedgerDelta next = c.get(ApiPaths.LEDGER_DELTA + "?since=" + delta.cursor(), w.terminal.token())
        .as(LedgerDelta.class);
    assertEquals(List.of(), next.cards());
    assertEquals(List.of(), next.revocations());
    LedgerSnapshot fresh = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);
    assertEquals(List.of(new UsageCount(w.cards.get(0), w.offerId, "2026", 1)), fresh.usage());
  }

  @Test
  void deltaUsageNetsVoidsAndAddsUpEveryOtherTerminal() {
    EnrollResponse second = w.enroll(w.venueId, "Kasse 2");
    EnrollResponse third = w.enroll(w.venueId, "Kasse 3");
    String cursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
    Visit voided = admission(second, 2, w.cards.get(1), TestServer.START.plusSeconds(10));
    upload(second, List.of(admission(second, 1, w.cards.get(0), TestServer.START), voided,
        new Visit(UUID.randomUUID(), 3, VisitKind.VOID, voided.id(), w.cards.get(1), 1, w.offerId, w.venueId,
            second.terminalId(), TestServer.START.plusSeconds(20), 0, Set.of())));
    upload(third, List.of(admission(third, 1, w.cards.get(0), TestServer.START.plusSeconds(30))));
    upload(w.terminal, List.of(admission(w.terminal, 1, w.cards.get(2), TestServer.START.plusSeconds(40))));

    LedgerDelta delta = c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, w.terminal.token()).as(LedgerDelta.class);
    assertEquals(Set.of(new UsageCount(w.cards.get(0), w.offerId, "2026", 2),
        new UsageCount(w.cards.get(1), w.offerId, "2026", 0)), Set.copyOf(delta.usage()),
        "two terminals' admissions add up, a void takes its admission back, the asking terminal's own are left out");
  }

  @Test
  void deltaUsageIsTheFullCountOfEachKeyTouchedSinceTheCursor() {
    EnrollResponse second = w.enroll(w.venueId, "Kasse 2");
    EnrollResponse third = w.enroll(w.venueId, "Kasse 3");
    upload(second, List.of(admission(second, 1, w.cards.get(0), TestServer.START),
        admission(second, 2, w.cards.get(1), TestServer.START.plusSeconds(5))));
    ts.clock.advance(Duration.ofMinutes(5));
    String cursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
    ts.clock.advance(Duration.ofMinutes(3));
    upload(third, List.of(admission(third, 1, w.cards.get(0), TestServer.START.plusSeconds(60))));

    LedgerDelta delta = c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, w.terminal.token()).as(LedgerDelta.class);
    assertEquals(List.of(new UsageCount(w.cards.get(0), w.offerId, "2026", 2)), delta.usage(),
        "the card's visit before the cursor counts too; a card nobody visited since is not sent again");
  }

  /**
   * A batch that waits for its transaction (behind a long upload of the same card, or SQLite's one
   * writer) and commits after a delta was read is found by the next delta: it is stamped received
   * when it is stored, not when it arrived, so it falls inside the margin the next delta looks back.
   */
  @Test
  void aBatchThatWaitedForItsTransactionIsInTheNextDelta() throws Exception {
    EnrollResponse second = w.enroll(w.venueId, "Kasse 2");
    String card = w.cards.get(0);
    String cursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    // What a long upload of the same card holds: its card's lock (PostgreSQL), the write lock (SQLite).
    try (HeldLocks held = HeldLocks.hold(ts.testDb.db, Set.of(card))) {
      Future<VisitBatchAck> waiting = pool.submit(() -> upload(second, List.of(admission(second, 1, card,
          TestServer.START))));
      Thread.sleep(500); // the upload has arrived and waits for its transaction
      ts.clock.advance(Duration.ofMinutes(1));
      LedgerDelta before = c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, w.terminal.token())
          .as(LedgerDelta.class);
      assertEquals(List.of(), before.usage(), "the upload is still waiting");
      held.close();
      assertEquals(AckStatus.STORED, waiting.get().items().getFirst().status());

      LedgerDelta after = c.get(ApiPaths.LEDGER_DELTA + "?since=" + before.cursor(), w.terminal.token())
          .as(LedgerDelta.class);
      assertEquals(List.of(new UsageCount(card, w.offerId, "2026", 1)), after.usage());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void badCursorIsAClientMistake() {
    Client.Response r = c.get(ApiPaths.LEDGER_DELTA + "?since=yesterday", w.terminal.token());
    assertEquals(400, r.status());
    assertEquals("bad_cursor", r.tree().get("code").asText());
    assertEquals(400, c.get(ApiPaths.LEDGER_DELTA, w.terminal.token()).status());
    // A time no server clock gives (PostgreSQL cannot even compare with it).
    r = c.get(ApiPaths.LEDGER_DELTA + "?since=c0.t" + Long.MAX_VALUE, w.terminal.token());
    assertEquals(400, r.status(), r::toString);
    assertEquals("bad_cursor", r.tree().get("code").asText());
  }

  /** A software version is shown, not trusted: control characters (a NUL PostgreSQL cannot store) are left out. */
  @Test
  void aSoftwareVersionWithControlCharactersIsKeptWithoutThem() {
    String code = ok(c.post("/api/v1/venues/" + w.venueId + "/terminals", w.admin, Map.of("name", "Kasse 2")), 201)
        .get("enrollmentCode").asText();
    Client.Response enrolled = c.post(ApiPaths.ENROLL, null, Map.of("code", code, "softwareVersion", "1.0\u0000\n"));
    EnrollResponse second = ok(enrolled, 200) == null ? null : enrolled.as(EnrollResponse.class);
    assertEquals("1.0", ok(c.get("/api/v1/terminals/" + second.terminalId(), w.admin), 200)
        .get("softwareVersion").asText());
    ok(c.post(ApiPaths.VISITS, second.token(), new VisitBatch(second.terminalId(), List.of(),
        new TerminalReport("1.\u00001", 0, 0L))), 200);
    assertEquals("1.1", ok(c.get("/api/v1/terminals/" + second.terminalId(), w.admin), 200)
        .get("softwareVersion").asText());
  }

  @Test
  void terminalStatusIsKeptFromItsReports() {
    ts.clock.advance(Duration.ofMinutes(3));
    Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(), new VisitBatch(w.terminal.terminalId(),
        List.of(), new TerminalReport("1.2.3", 7, -1500L)));
    ok(r, 200);
    JsonNode t = ok(c.get("/api/v1/terminals/" + w.terminal.terminalId(), w.admin), 200);
    assertEquals("1.2.3", t.get("softwareVersion").asText());
    assertEquals(7, t.get("visitsWaiting").asInt());
    assertEquals(-1500, t.get("clockOffsetMillis").asLong());
    assertEquals(TestServer.START.plus(Duration.ofMinutes(3)).toString(), t.get("lastContactAt").asText());
  }
}
