package no.klipp.terminal.validation;

import static no.klipp.terminal.Fixtures.card;
import static no.klipp.terminal.Fixtures.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.SnapshotImport;
import no.klipp.terminal.scan.Scan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One venue and one session in which every reason code is given: a new reason needs a case here. */
class ReasonCoverageTest {

  static final Instant NOON = Instant.parse("2026-03-11T11:00:00Z");

  @TempDir Path dir;

  @Test
  void everyReasonCodeIsGivenWhereItShouldBe() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("cinema", 1, QuotaPeriod.CALENDAR_YEAR));
    f.offers.add(offer("concert", 1, QuotaPeriod.CALENDAR_YEAR, 0, null, null, List.of(), 0, false));
    f.offers.add(offer("night", 1, QuotaPeriod.CALENDAR_YEAR, 0, null, null,
        List.of(Fixtures.hours(DayOfWeek.SUNDAY, "02:00", "03:00")), null, false));
    f.offers.add(offer("pool", null, null));
    f.offers.add(offer("vip", 1, QuotaPeriod.CALENDAR_YEAR, 0, null, null, List.of(), null, true));
    f.cards.add(card(1));
    f.cards.add(card(6));
    f.cards.add(card(7));
    f.cards.add(record(2, 2015, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), CardStatus.REVOKED));
    f.cards.add(record(3, 2015, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), CardStatus.ACTIVE));
    f.cards.add(record(4, 2015, LocalDate.of(2026, 6, 1), LocalDate.of(2027, 5, 31), CardStatus.ACTIVE));
    f.cards.add(record(5, 2001, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), CardStatus.ACTIVE));
    ValidationConfig d = ValidationConfig.defaults("t-1");
    ValidationConfig config = new ValidationConfig("t-1", d.zone(), Duration.ofSeconds(10), Duration.ofMinutes(10),
        d.undoWindow(), Optional.empty(), true, new OfflinePolicy(true, Duration.ofDays(3), 1));
    Set<Reason> seen = EnumSet.noneOf(Reason.class);
    try (Harness h = new Harness(dir, f, NOON, config)) {
      expect(seen, Reason.ADMITTED, h.qr(1));
      expect(seen, Reason.INVALID_CODE, h.validator.validate(new Scan.Qr("garbage")));
      expect(seen, Reason.UNKNOWN_CARD, h.typed(40));
      expect(seen, Reason.REVOKED, h.qr(2));
      expect(seen, Reason.EXPIRED, h.qr(3));
      expect(seen, Reason.NOT_YET_VALID, h.qr(4));
      expect(seen, Reason.AGE_OUTSIDE_SCHEME, h.qr(5));
      expect(seen, Reason.SOLD_OUT, h.validator.validate(new Scan.Qr(Fixtures.qr(6)), "concert"));
      expect(seen, Reason.OUTSIDE_OPENING_HOURS, h.validator.validate(new Scan.Qr(Fixtures.qr(6)), "night"));
      expect(seen, Reason.NOT_VALID_HERE, h.validator.validate(new Scan.Qr(Fixtures.qr(6)), "vip"));
      expect(seen, Reason.ADMITTED, h.qr(6));
      h.clock.advance(Duration.ofMinutes(1));
      expect(seen, Reason.ALREADY_SCANNED, h.validator.validate(new Scan.Qr(Fixtures.qr(6)), "cinema"));
      h.clock.advance(Duration.ofMinutes(10));
      expect(seen, Reason.QUOTA_USED, h.validator.validate(new Scan.Qr(Fixtures.qr(1)), "cinema"));
      h.lastSync = Optional.of(h.clock.instant().minus(Duration.ofDays(4)));
      expect(seen, Reason.ADMITTED, h.validator.validate(new Scan.Qr(Fixtures.qr(7)), "pool"));
      h.clock.advance(Duration.ofMinutes(11));
      expect(seen, Reason.OFFLINE_LIMIT, h.validator.validate(new Scan.Qr(Fixtures.qr(7)), "pool"));
      // The ledger loses its issuer keys: no card can be judged.
      var s = f.snapshot();
      new SnapshotImport(h.ledger).replace(new LedgerSnapshot(s.venueId(), "keyless", s.serverTime(), s.scheme(),
          List.of(), s.offers(), s.cards(), s.revocations(), s.usage()), NOON);
      expect(seen, Reason.NOT_READY, h.qr(1));
    }
    assertEquals(EnumSet.allOf(Reason.class), seen, "reasons never given");
  }

  private static void expect(Set<Reason> seen, Reason reason, Verdict v) {
    assertEquals(reason, v.reason(), v.toString());
    seen.add(v.reason());
  }

  private static CardRecord record(long i, int born, LocalDate from, LocalDate until, CardStatus status) {
    return new CardRecord(Fixtures.number(i), 0, null, from, until, born, "Ola", status, List.of());
  }
}
