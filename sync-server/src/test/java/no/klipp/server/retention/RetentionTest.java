package no.klipp.server.retention;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.SequenceGap;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.card.CardRequest;
import no.klipp.server.card.IssuedCard;
import no.klipp.server.dashboard.Dashboard;
import no.klipp.server.refund.Refunds;
import no.klipp.server.stats.Period;
import no.klipp.server.stats.StatsService;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention rule on both databases: visits of a year that ended five full years ago go at
 * midnight in the scheme's zone (Europe/Oslo), with the usage rows they leave bare; pending visits
 * and numbers above a terminal's complete mark stay; first names go the day after the months,
 * reach terminals by delta, and the statistics and refunds of the old year do not move.
 */
class RetentionTest extends OnBothDatabases {

  /** 23:59:59 on 31 December 2020 in Oslo. */
  static final Instant LAST_SECOND_OF_2020 = Instant.parse("2020-12-31T22:59:59Z");
  /** 00:00 on 1 January 2021 in Oslo (still 2020 in UTC). */
  static final Instant FIRST_SECOND_OF_2021 = Instant.parse("2020-12-31T23:00:00Z");
  /** When the old visits arrived: still 2020 in Oslo. */
  static final Instant RECEIVED_2020 = Instant.parse("2020-12-31T22:59:59.500Z");
  /** The last second of 2025 in Oslo: 2020 has ended five full years ago only at the next. */
  static final Instant END_OF_2025 = Instant.parse("2025-12-31T22:59:59Z");
  static final RetentionPolicy DEFAULT = RetentionPolicy.DEFAULT;

  World w;
  String card;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
    card = w.cards.getFirst();
  }

  @Test
  void visitsOfAYearGoWhenItHasEndedFiveFullYearsAgoInTheSchemesZone() {
    Visit last2020 = admission(1, card, LAST_SECOND_OF_2020);
    Visit first2021 = admission(2, card, FIRST_SECOND_OF_2021);
    upload(RECEIVED_2020, last2020);
    upload(FIRST_SECOND_OF_2021.plusSeconds(1), first2021);
    assertEquals(2, usage(card).size(), "one usage row per year");

    ts.clock.set(END_OF_2025);
    assertEquals(RetentionReport.NONE, run(DEFAULT));
    assertEquals(Set.of(last2020.id(), first2021.id()), stored());

    ts.clock.advance(Duration.ofSeconds(1)); // 1 January 2026, 00:00 in Oslo; 23:00 on New Year's Eve in UTC
    RetentionReport report = run(DEFAULT);

    assertEquals(Set.of(first2021.id()), stored(), "2020 in Oslo goes, 2021 in Oslo stays");
    assertEquals(new RetentionReport(1, 0, 1, 0), report);
    assertEquals(Map.of(period(first2021), 1), usage(card), "the usage row of 2020 went with its last visit");
    assertEquals(RetentionReport.NONE, run(DEFAULT), "nothing left to do");
  }

  /** A terminal sums every admission of an offer with a capacity to tell "sold out". */
  @Test
  void visitsUnderAnOfferWithACapacityStayHoweverOld() {
    ok(c.put("/api/v1/offers/" + w.offerId, w.admin, Map.of("name", "Sommerkino", "capacity", 100,
        "refundPercent", 50)), 200);
    Visit old = admission(1, card, LAST_SECOND_OF_2020);
    upload(RECEIVED_2020, old);

    ts.clock.set(END_OF_2025.plusSeconds(1));
    assertEquals(RetentionReport.NONE, run(DEFAULT));
    assertEquals(Set.of(old.id()), stored());
    LedgerSnapshot snapshot = c.get(ApiPaths.LEDGER_SNAPSHOT, w.enroll(w.venueId, "Ny kasse").token())
        .as(LedgerSnapshot.class);
    assertEquals(1, snapshot.usage().stream().filter(u -> u.offerId().equals(w.offerId))
        .mapToInt(UsageCount::count).sum(), "a new terminal still counts the place it took");
  }

  @Test
  void aVisitReceivedRecentlyStaysWhateverItsTerminalClockSaid() {
    Visit wrongClock = admission(1, card, Instant.parse("2019-06-01T10:00:00Z"));
    upload(TestServer.START, wrongClock);

    assertEquals(0, run(DEFAULT).visits());
    assertEquals(Set.of(wrongClock.id()), stored());
  }

  @Test
  void aDecemberVisitReceivedInJanuaryStaysForTheYearItArrivedIn() {
    Visit late = admission(1, card, LAST_SECOND_OF_2020);
    upload(Instant.parse("2021-01-04T09:00:00Z"), late);

    ts.clock.set(Instant.parse("2026-06-01T10:00:00Z"));
    assertEquals(0, run(DEFAULT).visits(), "2020 by its terminal time, but the server had it only in 2021");
    ts.clock.set(Instant.parse("2027-01-01T10:00:00Z"));
    assertEquals(1, run(DEFAULT).visits());
    assertEquals(Set.of(), stored());
  }

  @Test
  void pendingVisitsStayAndSoDoesTheirUsageRow() {
    Visit first = admission(1, card, LAST_SECOND_OF_2020.minus(Duration.ofDays(30)));
    Visit second = admission(2, card, LAST_SECOND_OF_2020);
    upload(RECEIVED_2020, first, second);
    ts.server.statsFolder.foldAll();
    // As if the second were not folded yet (a fold failing for days); the run must not fold it itself.
    ts.testDb.db.transaction(sql -> sql.update("INSERT INTO stats_pending (visit_ids, visits) VALUES (?, 1)",
        second.id().toString()));
    Retention retention = new Retention(ts.testDb.db, ts.clock, DEFAULT, () -> {});

    assertEquals(new RetentionReport(1, 0, 0, 0), retention.run(false));
    assertEquals(Set.of(second.id()), stored());
    assertEquals(Map.of(period(second), 2), usage(card), "a visit still stands behind the row");

    ts.testDb.db.transaction(sql -> sql.update("DELETE FROM stats_pending"));
    assertEquals(new RetentionReport(1, 0, 1, 0), retention.run(false));
    assertEquals(Set.of(), stored());
    assertEquals(Map.of(), usage(card));
  }

  @Test
  void numbersAboveTheTerminalsCompleteMarkStaySoGapsAreStillReported() {
    // 1 stored, 2 refused (not a card number), 3 missing, 4 stored, 5 refused: complete up to 2.
    VisitBatchAck ack = upload(RECEIVED_2020, admission(1, card, LAST_SECOND_OF_2020), admission(2, "123",
        LAST_SECOND_OF_2020), admission(4, card, LAST_SECOND_OF_2020), admission(5, "456", LAST_SECOND_OF_2020));
    assertEquals(List.of(new SequenceGap(3, 3)), ack.gaps());
    assertEquals(2, count("SELECT COUNT(*) AS n FROM refused_visit"));

    RetentionReport report = run(DEFAULT);

    assertEquals(1, report.visits(), "only number 1: 4 is above the mark");
    assertEquals(1, report.refusedVisits(), "only number 2: 5 is above the mark");
    assertEquals(List.of(4L), sequences("visit"));
    assertEquals(List.of(5L), sequences("refused_visit"));
    assertEquals(List.of(new SequenceGap(3, 3)), upload(TestServer.START).gaps(), "still missing: 3");
  }

  @Test
  void namesGoTheDayAfterTheMonthsRenewedCardsKeepThemAndTerminalsLearnByDelta() throws Exception {
    String renewed = w.cards.get(1);
    String other = w.cards.get(2);
    LocalDate until = ts.server.cards.get(card).validUntil();
    LedgerSnapshot snapshot = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);

    ts.clock.set(until.plusMonths(12).atTime(12, 0).atZone(w.scheme.zone()).toInstant());
    assertEquals(0, run(DEFAULT).names(), "exactly twelve months: kept");
    ts.server.cards.renew(renewed, null);
    ts.clock.advance(Duration.ofDays(1));

    assertEquals(2, run(DEFAULT).names());
    assertNull(ts.server.cards.get(card).firstName());
    assertNull(ts.server.cards.get(other).firstName());
    assertEquals("Ola", ts.server.cards.get(renewed).firstName());
    assertEquals(2015, ts.server.cards.get(card).birthYear(), "the birth year stays");
    assertEquals(0, count("SELECT COUNT(*) AS n FROM card WHERE first_name = 'Ada' OR first_name = 'Kari'"));

    LedgerDelta delta = c.get(ApiPaths.LEDGER_DELTA + "?since=" + snapshot.cursor(), w.terminal.token())
        .as(LedgerDelta.class);
    Map<String, CardRecord> cards = new TreeMap<>();
    delta.cards().forEach(r -> cards.put(r.cardNumber(), r));
    assertNull(cards.get(card).firstName());
    assertNull(cards.get(other).firstName());
    assertEquals(2015, cards.get(card).birthYear());
    assertEquals("Ola", cards.get(renewed).firstName());
    String raw = new String(c.get(ApiPaths.LEDGER_DELTA + "?since=" + snapshot.cursor(), w.terminal.token()).body(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertFalse(raw.contains("Ada") || raw.contains("Kari"), "no name on the wire");

    long change = count("SELECT value AS n FROM change_counter");
    assertEquals(0, run(DEFAULT).names(), "erased once");
    assertEquals(change, count("SELECT value AS n FROM change_counter"), "and no change for terminals again");

    // The caseworker's page and the card's print cope with no name.
    String session = ts.login("Kragerø-admin");
    HttpResponse<String> page = dashboard(session, "/cards/" + card + "?lang=en");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("(erased after expiry)"), page.body());
    assertFalse(page.body().contains(">null<"));
    assertEquals(200, dashboard(session, "/cards/" + card + "/card.pdf").statusCode());
    assertEquals(200, dashboard(session, "/cards/" + card + "/card.png").statusCode());
  }

  @Test
  void aRenewalGivesAnErasedNameBackOnlyToStaffedDesks() {
    EnrollResponse entrance = w.enroll(w.venueId, "Inngang", false);
    LocalDate until = ts.server.cards.get(card).validUntil();
    ts.clock.set(until.plusMonths(12).plusDays(1).atTime(12, 0).atZone(w.scheme.zone()).toInstant());
    assertEquals(3, run(DEFAULT).names());
    String deskCursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
    String entranceCursor = c.get(ApiPaths.LEDGER_SNAPSHOT, entrance.token()).as(LedgerSnapshot.class).cursor();
    String admin = ts.login("Kragerø-admin"); // a year on, the morning's session has long expired

    ok(c.post("/api/v1/cards/" + card + "/renew", admin, Map.of()), 200);
    assertNull(ts.server.cards.get(card).firstName(), "a renewal without a name leaves it erased");
    LocalDate today = LocalDate.ofInstant(ts.clock.instant(), w.scheme.zone());
    assertEquals(today, ts.server.cards.get(card).validFrom());

    JsonNode renewed = ok(c.post("/api/v1/cards/" + card + "/renew", admin,
        Map.of("validFrom", today.toString(), "firstName", "  Åse ")), 200);
    assertEquals("Åse", renewed.get("firstName").asText(), "stripped, as when issued");
    assertEquals("Åse", ts.server.cards.get(card).firstName());

    assertEquals("Åse", deltaCard(w.terminal.token(), deskCursor, card).firstName(), "the desk greets her again");
    CardRecord atEntrance = deltaCard(entrance.token(), entranceCursor, card);
    assertNull(atEntrance.firstName(), "an entrance still gets no name");
    assertEquals(ts.server.cards.get(card).validUntil(), atEntrance.validUntil());
    assertEquals(0, run(DEFAULT).names(), "a renewed card keeps its new name");
  }

  @Test
  void aBadNameOnARenewalIsA400AndTheCardStaysAsItWas() {
    List<Long> before = census();
    String validity = ts.server.cards.get(card).validFrom() + "/" + ts.server.cards.get(card).validUntil();
    for (String bad : List.of("", "   ", "x".repeat(51), "Ola\0", "Ola\nNordmann")) {
      Client.Response r = c.post("/api/v1/cards/" + card + "/renew", w.admin, Map.of("firstName", bad));
      assertEquals(400, r.status(), bad);
      assertTrue(r.tree().get("message").asText().contains("firstName"), r.text());
    }
    assertEquals(before, census(), "no change number taken, no name touched");
    assertEquals(validity, ts.server.cards.get(card).validFrom() + "/" + ts.server.cards.get(card).validUntil());
    assertEquals("Ada", ts.server.cards.get(card).firstName());
  }

  @Test
  void aFirstNameIsCorrectedAndTheDeskLearnsItByDeltaButARevokedCardsIsNot() {
    EnrollResponse entrance = w.enroll(w.venueId, "Inngang", false);
    String deskCursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
    String entranceCursor = c.get(ApiPaths.LEDGER_SNAPSHOT, entrance.token()).as(LedgerSnapshot.class).cursor();
    LocalDate until = ts.server.cards.get(card).validUntil();

    JsonNode renamed = ok(c.put("/api/v1/cards/" + card + "/first-name", w.admin, Map.of("firstName", "Ida ")), 200);

    assertEquals("Ida", renamed.get("firstName").asText());
    assertEquals(until, ts.server.cards.get(card).validUntil(), "nothing else moves");
    assertEquals("Ida", deltaCard(w.terminal.token(), deskCursor, card).firstName());
    assertNull(deltaCard(entrance.token(), entranceCursor, card).firstName());

    List<Long> before = census();
    for (Object bad : new Object[] {"", " ", "x".repeat(51), "Ida\tMarie"}) {
      assertEquals(400, c.put("/api/v1/cards/" + card + "/first-name", w.admin, Map.of("firstName", bad)).status());
    }
    assertEquals(400, c.put("/api/v1/cards/" + card + "/first-name", w.admin, Map.of()).status());
    ok(c.post("/api/v1/cards/" + w.cards.get(1) + "/revoke", w.admin, null), 200);
    List<Long> revoked = census();
    assertEquals(409, c.put("/api/v1/cards/" + w.cards.get(1) + "/first-name", w.admin,
        Map.of("firstName", "Per")).status());
    assertEquals(revoked, census(), "refused corrections change nothing");
    assertEquals(before.subList(0, 4), revoked.subList(0, 4));
    assertEquals("Ida", ts.server.cards.get(card).firstName());
  }

  private CardRecord deltaCard(String token, String cursor, String cardNumber) {
    LedgerDelta delta = c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, token).as(LedgerDelta.class);
    return delta.cards().stream().filter(r -> r.cardNumber().equals(cardNumber)).findFirst()
        .orElseThrow(() -> new AssertionError("the delta holds no " + cardNumber));
  }

  @Test
  void noMonthsErasesTheDayAfterExpiry() {
    LocalDate until = ts.server.cards.get(card).validUntil();
    ts.clock.set(until.atTime(23, 0).atZone(w.scheme.zone()).toInstant());
    assertEquals(0, run(new RetentionPolicy(5, 0)).names());
    ts.clock.advance(Duration.ofHours(2));
    assertEquals(3, run(new RetentionPolicy(5, 0)).names());
  }

  @Test
  void aDryRunCountsWhatARunDoesAndChangesNothing() {
    upload(RECEIVED_2020, admission(1, card, LAST_SECOND_OF_2020), admission(2, card, LAST_SECOND_OF_2020),
        admission(3, "123", LAST_SECOND_OF_2020), admission(4, w.cards.get(1), FIRST_SECOND_OF_2021));
    ts.clock.set(Instant.parse("2029-06-01T10:00:00Z"));
    List<Long> before = census();

    RetentionReport dry = ts.server.retention(DEFAULT).run(true);

    assertEquals(before, census(), "nothing changed");
    assertEquals(new RetentionReport(3, 1, 2, 3), dry);
    assertEquals(dry, run(DEFAULT));
    assertFalse(before.equals(census()));
  }

  @Test
  void statisticsAndRefundsOfAnOldYearStayAsTheyWere() {
    List<String> cards = new ArrayList<>(w.cards);
    List<CardRequest> more = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      more.add(new CardRequest("Barn" + i, 2012 + i, null, false));
    }
    for (IssuedCard issued : ts.server.cards.issueBatch(w.scheme.id(), more)) {
      cards.add(issued.card().cardNumber());
    }
    List<Visit> visits = new ArrayList<>();
    long seq = 0;
    for (int month = 1; month <= 12; month++) {
      for (String number : cards) {
        Instant at = LocalDate.of(2020, month, 10).atTime(15, 0).atZone(w.scheme.zone()).toInstant();
        visits.add(admission(++seq, number, at));
      }
    }
    Visit voided = visits.get(3);
    visits.add(new Visit(UUID.randomUUID(), ++seq, VisitKind.VOID, voided.id(), voided.cardNumber(), 1, w.offerId,
        w.venueId, w.terminal.terminalId(), voided.terminalTime().plusSeconds(20), 0, Set.of()));
    Visit withCompanion = visits.get(10);
    visits.add(new Visit(UUID.randomUUID(), ++seq, VisitKind.COMPANIONS, withCompanion.id(),
        withCompanion.cardNumber(), 1, w.offerId, w.venueId, w.terminal.terminalId(),
        withCompanion.terminalTime().plusSeconds(30), 1, Set.of()));
    upload(RECEIVED_2020, visits.toArray(Visit[]::new));
    LocalDate today = LocalDate.of(2026, 3, 2);
    StatsService.Statistics stats = ts.server.stats.of(w.scheme.id(), Period.ofYear(2020, today));
    Refunds refunds = ts.server.refunds.of(w.scheme.id(), null, LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31));
    assertTrue(refunds.visits() > 0 && refunds.amountOre() > 0);

    assertEquals(visits.size(), run(DEFAULT).visits());

    assertEquals(0, count("SELECT COUNT(*) AS n FROM visit"));
    assertEquals(stats, ts.server.stats.of(w.scheme.id(), Period.ofYear(2020, today)));
    assertEquals(refunds,
        ts.server.refunds.of(w.scheme.id(), null, LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31)));
  }

  @Test
  void aLargeDeletionGoesChunkByChunkAndMissesNothing() {
    int n = VisitPurge.CHUNK * 2 + 37;
    List<Visit> visits = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      visits.add(admission(i, w.cards.get(i % 3), LAST_SECOND_OF_2020.minusSeconds(i)));
    }
    // Three uploads, so that received_at repeats within and differs between chunks.
    upload(RECEIVED_2020.minusSeconds(2), visits.subList(0, 400).toArray(Visit[]::new));
    upload(RECEIVED_2020.minusSeconds(1), visits.subList(400, 900).toArray(Visit[]::new));
    upload(RECEIVED_2020, visits.subList(900, n).toArray(Visit[]::new));
    Visit kept = admission(n + 1, card, FIRST_SECOND_OF_2021);
    upload(FIRST_SECOND_OF_2021, kept);

    assertEquals(new RetentionReport(n, 0, 3, 0), ts.server.retention(DEFAULT).run(true));
    assertEquals(new RetentionReport(n, 0, 3, 0), run(DEFAULT));
    assertEquals(Set.of(kept.id()), stored());
    assertEquals(1, count("SELECT COUNT(*) AS n FROM card_usage"));
  }

  @Test
  void theDailyRunRunsOncePerDateOfTheClock() {
    upload(RECEIVED_2020, admission(1, card, LAST_SECOND_OF_2020));
    try (DailyRetention daily = new DailyRetention(ts.server.retention(DEFAULT), ts.clock, Duration.ofHours(1),
        Duration.ofHours(1))) {
      assertTrue(daily.runIfDue());
      assertEquals(Set.of(), stored());
      assertFalse(daily.runIfDue(), "once a day");
      ts.clock.advance(Duration.ofDays(1));
      assertTrue(daily.runIfDue());
    }
  }

  private RetentionReport run(RetentionPolicy policy) {
    return ts.server.retention(policy).run(false);
  }

  private Visit admission(long seq, String cardNumber, Instant at) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, cardNumber, 1, w.offerId, w.venueId,
        w.terminal.terminalId(), at, 0, Set.of());
  }

  /** Uploads the visits as the server's clock stood at {@code receivedAt}. */
  private VisitBatchAck upload(Instant receivedAt, Visit... visits) {
    Instant now = ts.clock.instant();
    ts.clock.set(receivedAt);
    try {
      Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(),
          new VisitBatch(w.terminal.terminalId(), List.of(visits), null));
      ok(r, 200);
      return r.as(VisitBatchAck.class);
    } finally {
      ts.clock.set(now);
    }
  }

  private Set<UUID> stored() {
    return ts.testDb.db.read(sql -> new TreeSet<>(sql.list("SELECT id FROM visit", r -> r.uuid("id"))));
  }

  private List<Long> sequences(String table) {
    return ts.testDb.db.read(sql -> sql.list("SELECT sequence FROM " + table + " ORDER BY sequence",
        r -> r.longValue("sequence")));
  }

  private String period(Visit v) {
    return ts.testDb.db.read(sql -> sql.one("SELECT period_key FROM visit WHERE id = ?", r -> r.string("period_key"),
        v.id()).orElseThrow());
  }

  /** The card's usage rows: period → net. */
  private Map<String, Integer> usage(String cardNumber) {
    return ts.testDb.db.read(sql -> {
      Map<String, Integer> out = new TreeMap<>();
      sql.list("SELECT period_key, net FROM card_usage WHERE card_number = ?",
          r -> out.put(r.string("period_key"), r.intValue("net")), cardNumber);
      return out;
    });
  }

  private long count(String query) {
    return ts.testDb.db.read(sql -> sql.one(query, r -> r.longValue("n")).orElseThrow());
  }

  /** Everything a retention run may change. */
  private List<Long> census() {
    return List.of(count("SELECT COUNT(*) AS n FROM visit"), count("SELECT COUNT(*) AS n FROM refused_visit"),
        count("SELECT COUNT(*) AS n FROM card_usage"), count("SELECT COUNT(*) AS n FROM card WHERE first_name <> ''"),
        count("SELECT value AS n FROM change_counter"));
  }

  private HttpResponse<String> dashboard(String session, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ts.server.http.port() + Dashboard.ROOT + path))
        .header("Cookie", "klipp_session=" + session).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
