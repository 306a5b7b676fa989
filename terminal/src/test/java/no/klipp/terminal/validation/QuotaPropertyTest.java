package no.klipp.terminal.validation;

import static no.klipp.terminal.Fixtures.card;
import static no.klipp.terminal.Fixtures.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.scan.Scan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random sequences of scans, staff picks, undos and clock jumps (forwards and backwards) on one
 * terminal never admit a card beyond an offer's quota in any period.
 */
class QuotaPropertyTest {

  static final int RUNS = 8;
  static final int STEPS = 120;

  @TempDir Path dir;

  @Test
  void noSequenceOfScansAdmitsBeyondAQuota() {
    for (int run = 0; run < RUNS; run++) {
      check(run);
    }
  }

  private void check(long seed) {
    Random r = new Random(seed);
    Fixtures f = new Fixtures();
    List<Offer> offers = List.of(offer("day", 1 + r.nextInt(2), QuotaPeriod.DAY),
        offer("week", 1 + r.nextInt(3), QuotaPeriod.WEEK), offer("month", 2 + r.nextInt(3), QuotaPeriod.MONTH),
        offer("year", 3 + r.nextInt(3), QuotaPeriod.CALENDAR_YEAR));
    f.offers.addAll(offers);
    int cards = 1 + r.nextInt(3);
    for (int i = 1; i <= cards; i++) {
      f.cards.add(card(i));
      if (r.nextBoolean()) {
        f.usage.add(new UsageCount(Fixtures.number(i), "year", "2026", r.nextInt(3)));
      }
    }
    Map<String, Integer> server = new HashMap<>();
    for (UsageCount u : f.usage) {
      server.put(u.cardNumber() + "/" + u.offerId() + "/" + u.period(), u.count());
    }
    Instant start = Instant.parse("2026-12-20T10:00:00Z");
    try (Harness h = new Harness(dir.resolve("run" + seed), f, start)) {
      List<UUID> admitted = new ArrayList<>();
      for (int step = 0; step < STEPS; step++) {
        int action = r.nextInt(10);
        if (action < 6) {
          String picked = r.nextInt(3) == 0 ? offers.get(r.nextInt(offers.size())).id() : null;
          Verdict v = h.validator.validate(new Scan.Qr(Fixtures.qr(1 + r.nextInt(cards))), picked);
          if (v.admitted() && !v.repeat()) {
            admitted.add(v.visitId());
          }
        } else if (action < 8) {
          h.clock.advance(Duration.ofMinutes(r.nextInt(3 * 24 * 60)));
        } else if (action == 8) {
          h.clock.advance(Duration.ofHours(-r.nextInt(72)));
        } else if (!admitted.isEmpty()) {
          h.validator.undo(admitted.get(r.nextInt(admitted.size())));
        }
      }
      assertWithinQuota(h, offers, server, seed);
    }
  }

  private static void assertWithinQuota(Harness h, List<Offer> offers, Map<String, Integer> server, long seed) {
    List<Visit> events = new Outbox(h.ledger).pending(100_000);
    Set<UUID> voided = new HashSet<>();
    for (Visit v : events) {
      if (v.kind() == VisitKind.VOID) {
        voided.add(v.refersTo());
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    Instant previous = Instant.EPOCH;
    for (Visit v : events) {
      assertFalse(v.terminalTime().isBefore(previous), "time never runs backwards in the record, seed " + seed);
      previous = v.terminalTime();
      if (v.kind() != VisitKind.ADMISSION || voided.contains(v.id())) {
        continue;
      }
      Offer o = offers.stream().filter(x -> x.id().equals(v.offerId())).findFirst().orElseThrow();
      String period = o.period().key(v.terminalTime().atZone(h.validatorZone()).toLocalDate(), java.time.LocalDate.of(2026, 1, 1));
      counts.merge(v.cardNumber() + "/" + o.id() + "/" + period, 1, Integer::sum);
    }
    assertTrue(!counts.isEmpty(), "some admissions happened, seed " + seed);
    for (var e : counts.entrySet()) {
      String offerId = e.getKey().split("/")[1];
      int quota = offers.stream().filter(x -> x.id().equals(offerId)).findFirst().orElseThrow().quota();
      int total = e.getValue() + server.getOrDefault(e.getKey(), 0);
      assertTrue(total <= quota, e.getKey() + ": " + total + " > quota " + quota + ", seed " + seed);
    }
    assertEquals(events.size(), new Outbox(h.ledger).totalCount());
  }
}
