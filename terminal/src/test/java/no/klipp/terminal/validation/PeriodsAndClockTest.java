package no.klipp.terminal.validation;

import static no.klipp.terminal.Fixtures.card;
import static no.klipp.terminal.Fixtures.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.SchemeRules;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.ledger.SnapshotImport;
import no.klipp.terminal.sync.FakeServer;
import no.klipp.terminal.sync.SyncConfig;
import no.klipp.terminal.sync.SyncLoop;
import no.klipp.terminal.sync.TerminalIdentity;
import no.klipp.terminal.sync.TerminalSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeriodsAndClockTest {

  @TempDir Path dir;

  Fixtures venue(QuotaPeriod period) {
    Fixtures f = new Fixtures();
    f.offers.add(offer("pool", 1, period));
    f.cards.add(new CardRecord(Fixtures.number(1), 0, null, LocalDate.of(2025, 6, 15), LocalDate.of(2028, 6, 14),
        2015, "Kari", CardStatus.ACTIVE, List.of()));
    return f;
  }

  /** Admitted at {@code first}; refused a minute before {@code boundary}; admitted again at it (Oslo time). */
  void quotaRenewsAt(QuotaPeriod period, String first, String beforeBoundary, String boundary) {
    try (Harness h = new Harness(dir.resolve(period.name()), venue(period), Instant.parse(first))) {
      assertTrue(h.qr(1).admitted(), "first visit of the period");
      h.clock.set(Instant.parse(beforeBoundary));
      assertEquals(Reason.QUOTA_USED, h.qr(1).reason(), "same period");
      h.clock.set(Instant.parse(boundary));
      Verdict renewed = h.qr(1);
      assertTrue(renewed.admitted(), "next period");
      assertEquals(0, renewed.visitsLeft());
    }
  }

  @Test
  void calendarYearRenewsAtNewYearInOslo() {
    // Midnight in Oslo is 23:00 UTC on New Year's Eve.
    quotaRenewsAt(QuotaPeriod.CALENDAR_YEAR, "2026-03-01T12:00:00Z", "2026-12-31T22:59:00Z", "2026-12-31T23:00:00Z");
  }

  @Test
  void monthRenewsOnTheFirst() {
    quotaRenewsAt(QuotaPeriod.MONTH, "2026-02-01T12:00:00Z", "2026-02-28T22:59:00Z", "2026-02-28T23:00:00Z");
  }

  @Test
  void isoWeekRenewsOnMondayAcrossTheYearEnd() {
    // Thursday 2026-12-31 and Sunday 2027-01-03 are in ISO week 2026-W53; Monday 2027-01-04 starts 2027-W01.
    quotaRenewsAt(QuotaPeriod.WEEK, "2026-12-31T12:00:00Z", "2027-01-03T22:59:00Z", "2027-01-03T23:00:00Z");
  }

  @Test
  void dayRenewsAtMidnight() {
    quotaRenewsAt(QuotaPeriod.DAY, "2026-05-05T08:00:00Z", "2026-05-05T21:59:00Z", "2026-05-05T22:00:00Z");
  }

  @Test
  void cardYearRenewsOnTheCardsAnniversary() {
    // Valid from 15 June: the card year runs to 14 June.
    quotaRenewsAt(QuotaPeriod.CARD_YEAR, "2026-01-10T12:00:00Z", "2026-06-14T21:59:00Z", "2026-06-14T22:00:00Z");
  }

  @Test
  void daysAndPeriodsAreCountedInTheSchemesZoneNotTheConfiguredOne() {
    // The server counts scheme 7 in New York; this terminal is configured for Oslo.
    Fixtures f = venue(QuotaPeriod.DAY);
    f.scheme = new SchemeRules(Fixtures.SCHEME, "Test scheme", 5, 18, 1, true, "America/New_York");
    try (Harness h = new Harness(dir, f, Instant.parse("2026-05-05T15:00:00Z"))) {
      assertTrue(h.qr(1).admitted());
      // 00:30 on 6 May in Oslo, but 18:30 on 5 May in New York: the same day for the server.
      h.clock.set(Instant.parse("2026-05-05T22:30:00Z"));
      assertEquals(Reason.QUOTA_USED, h.qr(1).reason());
      // Midnight in New York.
      h.clock.set(Instant.parse("2026-05-06T04:00:00Z"));
      assertTrue(h.qr(1).admitted());
      List<Visit> visits = new Outbox(h.ledger).pending(10);
      assertEquals(2, visits.size());
    }
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
      assertEquals(Optional.of("America/New_York"),
          new no.klipp.terminal.ledger.Roster(ledger).scheme().map(SchemeRules::timeZone));
    }
  }

  @Test
  void clockGoingBackwardsUsesTheMarkAndNeverResetsAYearlyQuota() {
    Instant newYear = Instant.parse("2027-01-02T10:00:00Z");
    try (Harness h = new Harness(dir, venue(QuotaPeriod.CALENDAR_YEAR), newYear)) {
      assertTrue(h.qr(1).admitted());
      // The Pi reboots without network: the clock says it is still December.
      h.clock.set(Instant.parse("2026-12-20T10:00:00Z"));
      Verdict other = h.qr(2);
      assertTrue(other.admitted());
      assertEquals(Set.of(VisitFlag.CLOCK_UNVERIFIED, VisitFlag.UNKNOWN_CARD), other.flags());
      h.clock.advance(Duration.ofMinutes(1));
      Verdict again = h.qr(1);
      assertEquals(Reason.QUOTA_USED, again.reason(), "the 2027 visit still counts");
      List<Visit> visits = new Outbox(h.ledger).pending(10);
      assertFalse(visits.get(1).terminalTime().isBefore(newYear), "recorded at or after the mark, not in December");
    }
  }

  @Test
  void markSurvivesARestartBecauseVisitsCarryIt() {
    Instant t = Instant.parse("2027-01-02T10:00:00Z");
    Fixtures f = venue(QuotaPeriod.CALENDAR_YEAR);
    try (Harness h = new Harness(dir, f, t)) {
      assertTrue(h.qr(1).admitted());
    }
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
      FakeClock behind = new FakeClock(Instant.parse("2026-06-01T00:00:00Z"));
      Validator v = new Validator(ledger, Harness.config(), new TimeKeeper(behind, Validator.savedMark(ledger)),
          new java.util.Random(1), java.util.Optional::empty);
      Verdict repeat = v.validate(new no.klipp.terminal.scan.Scan.Qr(Fixtures.qr(1)));
      assertTrue(repeat.repeat(), "at the mark, the earlier scan is moments ago");
      behind.advance(Duration.ofMinutes(1));
      Verdict verdict = v.validate(new no.klipp.terminal.scan.Scan.Qr(Fixtures.qr(1)));
      assertEquals(Reason.QUOTA_USED, verdict.reason());
    }
  }

  @Test
  void timeKeeperKeepsTimeFlowingFromTheMarkWhileBehind() {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    TimeKeeper keeper = new TimeKeeper(clock, Instant.parse("2026-01-01T10:00:00Z"));
    TimeKeeper.Now first = keeper.now();
    assertTrue(first.unverified());
    assertEquals(Instant.parse("2026-01-01T10:00:00Z"), first.instant());
    clock.advance(Duration.ofMinutes(5));
    TimeKeeper.Now later = keeper.now();
    assertTrue(later.unverified());
    assertEquals(Instant.parse("2026-01-01T10:05:00Z"), later.instant());
    clock.set(Instant.parse("2026-01-01T12:00:00Z"));
    TimeKeeper.Now synced = keeper.now();
    assertFalse(synced.unverified(), "the wall clock caught up (NTP)");
    assertEquals(Instant.parse("2026-01-01T12:00:00Z"), synced.instant());
    clock.set(Instant.parse("2026-01-01T11:00:00Z"));
    assertEquals(Instant.parse("2026-01-01T12:00:00Z"), keeper.now().instant());
  }

  @Test
  void aClockJumpingAheadOfTheServersTimeIsNotTrusted() {
    FakeClock clock = new FakeClock(Instant.parse("2026-12-31T12:00:00Z"));
    long[] nanos = {0};
    TimeKeeper keeper = new TimeKeeper(clock, Instant.EPOCH, () -> nanos[0]);
    keeper.observed(Instant.parse("2026-12-31T12:00:00Z"));
    nanos[0] += Duration.ofMinutes(10).toNanos();
    clock.set(Instant.parse("2027-01-01T12:10:00Z")); // a day ahead: a new yearly quota period
    TimeKeeper.Now now = keeper.now();
    assertTrue(now.unverified());
    assertEquals(Instant.parse("2026-12-31T12:10:00Z"), now.instant(), "the server's time, plus ten minutes");
    nanos[0] += Duration.ofMinutes(1).toNanos();
    clock.set(Instant.parse("2026-12-31T12:12:00Z")); // corrected by NTP, a minute ahead: within bounds
    TimeKeeper.Now corrected = keeper.now();
    assertFalse(corrected.unverified());
    assertEquals(Instant.parse("2026-12-31T12:12:00Z"), corrected.instant());
  }

  @Test
  void observedServerTimeRaisesTheMarkButNeverLowersIt() {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    TimeKeeper keeper = new TimeKeeper(clock, Instant.EPOCH, () -> 0L);
    keeper.observed(Instant.parse("2026-01-01T00:04:00Z"));
    assertEquals(Instant.parse("2026-01-01T00:04:00Z"), keeper.mark());
    TimeKeeper.Now now = keeper.now();
    assertTrue(now.unverified(), "the wall clock is behind the server");
    assertEquals(Instant.parse("2026-01-01T00:04:00Z"), now.instant());
    keeper.observed(Instant.parse("2026-01-01T00:01:00Z"));
    assertEquals(Instant.parse("2026-01-01T00:04:00Z"), keeper.mark());
  }

  @Test
  void aClockHoursBehindTakesTheServersTimeButNotOneDaysBehind() {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    TimeKeeper keeper = new TimeKeeper(clock, Instant.EPOCH, () -> 0L);
    keeper.observed(Instant.parse("2026-01-01T06:00:00Z"));
    assertEquals(Instant.parse("2026-01-01T06:00:00Z"), keeper.now().instant(), "a stale boot clock: the server's");
    keeper.observed(Instant.parse("2026-01-03T00:00:01Z"));
    assertEquals(Instant.parse("2026-01-01T06:00:00Z"), keeper.mark(), "more than two days ahead: not adopted");
  }

  @Test
  void aServerTimeFarAheadOfTheWallClockIsNotAdoptedButTheWallClockIsDistrusted() {
    FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    TimeKeeper keeper = new TimeKeeper(clock, Instant.EPOCH, () -> 0L);
    keeper.observed(Instant.parse("2099-01-01T00:00:00Z"));
    assertEquals(Instant.EPOCH, keeper.mark(), "the persisted mark is not moved into 2099");
    TimeKeeper.Now now = keeper.now();
    assertTrue(now.unverified(), "the server says the wall clock is far behind");
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), now.instant());
    keeper.observed(Instant.parse("2026-01-01T00:00:00Z"));
    assertFalse(keeper.now().unverified(), "a fixed server's time is within bounds again");
  }

  @Test
  void aServerAnsweringWithTheYear2099ChangesNeitherValidationNorVisitTimesNorTheMarkAfterARestart()
      throws Exception {
    Instant t = Instant.parse("2026-05-05T10:00:00Z");
    Fixtures f = venue(QuotaPeriod.DAY);
    Path db = dir.resolve("ledger.db");
    try (FakeServer server = FakeServer.started();
        Ledger ledger = Ledger.open(db, Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(f.snapshot(), t);
      FakeClock clock = new FakeClock(t);
      TimeKeeper time = new TimeKeeper(clock, Validator.savedMark(ledger));
      Validator validator = new Validator(ledger, Harness.config(), time, new Random(1), Optional::empty);
      String ack = Json.mapper().writeValueAsString(new VisitBatchAck(t, List.of(), List.of()));
      server.route(ApiPaths.VISITS, req -> new FakeServer.Answer(200, ack, "2099-01-01T00:00:00Z"));
      TerminalIdentity id = new TerminalIdentity(server.url().toString(), "t-1", Fixtures.VENUE, "Pool", "tok");
      SyncConfig config = new SyncConfig(3, Duration.ofMinutes(3), Duration.ofSeconds(10), Duration.ofSeconds(1),
          Duration.ofMinutes(5), Duration.ZERO, "test-1");
      SyncLoop loop = TerminalSync.loop(ledger, id, config, clock, new Random(7), time::observed);

      loop.round(); // reports to the server, which answers with 2099; the ledger pull then fails

      Verdict verdict = validator.validate(new no.klipp.terminal.scan.Scan.Qr(Fixtures.qr(1)));
      assertTrue(verdict.admitted(), "not refused as expired: " + verdict.reason());
      Visit visit = new Outbox(ledger).pending(10).getFirst();
      assertEquals(t, visit.terminalTime(), "dated by the wall clock, not 2099");
      assertTrue(visit.flags().contains(VisitFlag.CLOCK_UNVERIFIED), "the server says the clock is off");
      validator.saveMark();
    }
    try (Ledger ledger = Ledger.open(db, Ledger.Mode.EXISTING)) {
      assertEquals(t, Validator.savedMark(ledger), "a restart does not bring 2099 back");
    }
  }

  /**
   * A Pi that booted a day behind dates its scans by the server's time; a sync it just completed
   * must count in that same time, or the offline limit (an hour here) starts right after it.
   */
  @Test
  void aSyncIsRecordedInTheTimeKeepersTimeSoAWallClockADayBehindDoesNotStartTheOfflineLimit() throws Exception {
    Instant wall = Instant.parse("2026-05-05T10:00:00Z");
    Instant server = wall.plus(Duration.ofDays(1));
    Fixtures f = venue(QuotaPeriod.DAY);
    try (FakeServer fake = FakeServer.started();
        Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(f.snapshot(), wall);
      FakeClock clock = new FakeClock(wall);
      TimeKeeper time = new TimeKeeper(clock, Validator.savedMark(ledger));
      ValidationConfig d = Harness.config();
      ValidationConfig config = new ValidationConfig(d.terminalId(), d.zone(), d.repeatWindow(), Duration.ZERO,
          d.undoWindow(), d.defaultOffer(), true, new OfflinePolicy(true, Duration.ofHours(1), 0));
      Validator validator = new Validator(ledger, config, time, new Random(1), new LedgerSyncStatus(ledger));
      String header = server.toString();
      String ack = Json.mapper().writeValueAsString(new VisitBatchAck(server, List.of(), List.of()));
      String delta = Json.mapper().writeValueAsString(new LedgerDelta("c", "c", server, null, null, null, null, null,
          null, null));
      fake.route(ApiPaths.VISITS, req -> new FakeServer.Answer(200, ack, header));
      fake.route(ApiPaths.LEDGER_DELTA, req -> new FakeServer.Answer(200, delta, header));
      TerminalIdentity id = new TerminalIdentity(fake.url().toString(), "t-1", Fixtures.VENUE, "Pool", "tok");
      SyncConfig sync = new SyncConfig(3, Duration.ofMinutes(3), Duration.ofSeconds(10), Duration.ofSeconds(1),
          Duration.ofMinutes(5), Duration.ZERO, "test-1");
      SyncLoop loop = TerminalSync.loop(ledger, id, sync, clock, new Random(7), validator::serverTime,
          () -> time.now().instant());

      loop.round();

      assertTrue(loop.status().online(), String.valueOf(loop.status().problem()));
      Verdict verdict = validator.validate(new no.klipp.terminal.scan.Scan.Qr(Fixtures.qr(1)));
      assertTrue(verdict.admitted(), "just synced, not limited: " + verdict.reason());
      assertFalse(verdict.flags().contains(VisitFlag.OFFLINE), verdict.flags().toString());
      assertTrue(new Outbox(ledger).pending(10).getFirst().terminalTime().isAfter(server.minusSeconds(1)),
          "dated by the server's time");
    }
  }

  @Test
  void repeatWindowHoldsWhenTheClockJumpsBack() {
    try (Harness h = new Harness(dir, venue(QuotaPeriod.DAY), Instant.parse("2026-05-05T10:00:00Z"))) {
      Verdict first = h.qr(1);
      h.clock.set(Instant.parse("2026-05-05T09:00:00Z"));
      Verdict second = h.qr(1);
      assertTrue(second.repeat(), "an hour back is not an hour earlier than the first scan");
      assertEquals(first.visitId(), second.visitId());
    }
  }

  @Test
  void aMarkLeftInTheFutureByAWallClockRunningAheadIsLoweredToTheServersTime() {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    TimeKeeper keeper = new TimeKeeper(clock, Instant.parse("2027-11-21T10:00:00Z"), () -> 0L);
    assertEquals(Instant.parse("2027-11-21T10:00:00Z"), keeper.now().instant(), "before: time runs on from the mark");
    assertTrue(keeper.observed(Instant.parse("2026-11-21T10:00:30Z")), "wall clock and server agree: lowered");
    assertEquals(Instant.parse("2026-11-21T10:00:30Z"), keeper.mark());
    clock.set(Instant.parse("2026-11-21T10:01:00Z"));
    TimeKeeper.Now now = keeper.now();
    assertEquals(Instant.parse("2026-11-21T10:01:00Z"), now.instant());
    assertFalse(now.unverified());
    assertFalse(keeper.observed(Instant.parse("2026-11-21T10:01:00Z")), "lowered once: now the mark is right");
  }

  @Test
  void aClockHoursAheadAtBootDoesNotFreezeTimeOnceTheServerAnswers() {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T13:00:00Z")); // three hours ahead
    long[] nanos = {0};
    TimeKeeper keeper = new TimeKeeper(clock, Instant.EPOCH, () -> nanos[0]);
    assertEquals(Instant.parse("2026-11-21T13:00:00Z"), keeper.now().instant(), "no server yet: the wall clock");
    assertTrue(keeper.observed(Instant.parse("2026-11-21T10:00:00Z")));
    nanos[0] += Duration.ofMinutes(1).toNanos();
    clock.advance(Duration.ofMinutes(1));
    TimeKeeper.Now first = keeper.now();
    assertEquals(Instant.parse("2026-11-21T10:01:00Z"), first.instant(), "the server's time, running on");
    assertTrue(first.unverified(), "the wall clock is still wrong");
    nanos[0] += Duration.ofMinutes(1).toNanos();
    clock.advance(Duration.ofMinutes(1));
    assertEquals(Instant.parse("2026-11-21T10:02:00Z"), keeper.now().instant(), "not frozen at the old mark");
  }

  @Test
  void aServerTimeFarFromTheWallClockNeverLowersTheMark() {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    TimeKeeper keeper = new TimeKeeper(clock, Instant.parse("2026-11-21T10:00:00Z"), () -> 0L);
    assertFalse(keeper.observed(Instant.parse("2025-11-21T10:00:00Z")), "a year back: a wrong or hostile answer");
    assertEquals(Instant.parse("2026-11-21T10:00:00Z"), keeper.mark());
    assertFalse(keeper.observed(Instant.parse("2026-11-19T09:00:00Z")), "more than two days back");
    assertEquals(Instant.parse("2026-11-21T10:00:00Z"), keeper.mark());
    assertFalse(keeper.observed(Instant.parse("2026-11-21T09:58:00Z")), "minutes back: within what a mark may be ahead");
    assertEquals(Instant.parse("2026-11-21T10:00:00Z"), keeper.mark());
  }

  @Test
  void afterAClockRanMonthsAheadCardsAreNotRefusedAsExpiredAndARestartKeepsTheLoweredMark() {
    Instant real = Instant.parse("2026-11-21T10:00:00Z");
    Fixtures f = venue(QuotaPeriod.DAY);
    f.cards.add(new CardRecord(Fixtures.number(2), 0, null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
        2015, "Ola", CardStatus.ACTIVE, List.of()));
    Path db = dir.resolve("ledger.db");
    try (Ledger ledger = Ledger.open(db, Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(f.snapshot(), real);
      FakeClock clock = new FakeClock(Instant.parse("2027-02-01T10:00:00Z")); // a wrong clock at boot
      long[] nanos = {0};
      TimeKeeper time = new TimeKeeper(clock, Validator.savedMark(ledger), () -> nanos[0]);
      Validator v = new Validator(ledger, Harness.config(), time, new Random(1), () -> Optional.of(real));
      assertTrue(v.validate(new no.klipp.terminal.scan.Scan.Qr(Fixtures.qr(1))).admitted(), "dated February 2027");
      clock.set(real); // NTP sets the wall clock right
      assertEquals(Reason.EXPIRED, v.validate(new no.klipp.terminal.scan.Scan.Qr(Fixtures.qr(2))).reason(),
          "until the server answers, time runs on from the mark");
      v.serverTime(real);
      nanos[0] += Duration.ofMinutes(1).toNanos();
      clock.advance(Duration.ofMinutes(1));
      Verdict ola = v.validate(new no.klipp.terminal.scan.Scan.Qr(Fixtures.qr(2)));
      assertTrue(ola.admitted(), "valid until the end of 2026: " + ola.reason());
      Verdict kari = v.validate(new no.klipp.terminal.scan.Scan.Qr(Fixtures.qr(1)));
      assertTrue(kari.admitted(), "her visit dated in February is not one of moments ago: " + kari.reason());
      List<Visit> visits = new Outbox(ledger).pending(10);
      assertEquals(Instant.parse("2026-11-21T10:01:00Z"), visits.getLast().terminalTime());
      // No saveMark: a crash. The February visit must not raise the mark again at the next start.
    }
    try (Ledger ledger = Ledger.open(db, Ledger.Mode.EXISTING)) {
      Instant mark = Validator.savedMark(ledger);
      assertTrue(mark.isBefore(Instant.parse("2026-11-22T00:00:00Z")), "the lowered mark is kept: " + mark);
    }
  }
}
