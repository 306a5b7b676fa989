package no.klipp.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.terminal.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

  private static final Instant NOW = Instant.parse("2026-06-15T10:00:00Z");

  @TempDir Path dir;

  @Test
  void cutoffIsTheEarlierOfLastYearAndTheGapMargin() {
    assertEquals(Instant.parse("2024-12-31T00:00:00Z"), Retention.cutoff(NOW));
    // In January the margin reaches further back than the start of last year: the year wins.
    assertEquals(Instant.parse("2023-12-31T00:00:00Z"), Retention.cutoff(Instant.parse("2025-01-10T00:00:00Z")));
  }

  @Test
  void deletesOnlyOldAcknowledgedVisitsOfClosedPeriods() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      VisitLog log = new VisitLog(ledger);
      Outbox outbox = new Outbox(ledger);
      ledger.write("add an offer with a capacity", c -> {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO offer (id, venue_id, name, quota, period, companions, valid_from, valid_until, "
              + "opening_hours, capacity, targeted) VALUES ('concert', 'v', 'Concert', NULL, NULL, 0, NULL, NULL, '', 50, 0)");
        }
        return null;
      });
      Instant old = Instant.parse("2024-03-01T12:00:00Z");
      Visit gone = admission(1, "pool", old);
      append(ledger, log, gone, "2024");
      Visit voided = admission(1, "pool", old.plusSeconds(60));
      append(ledger, log, voided, "2024");
      append(ledger, log, correction(voided, VisitKind.VOID, old.plusSeconds(90)), "2024");
      Visit forEver = admission(2, "museum", old);
      append(ledger, log, forEver, "ALL");
      Visit capacity = admission(3, "concert", old);
      append(ledger, log, capacity, "2024");
      Visit refused = admission(4, "pool", old);
      append(ledger, log, refused, "2024");
      Visit recent = admission(5, "pool", Instant.parse("2026-06-01T12:00:00Z"));
      append(ledger, log, recent, "2026");
      outbox.markAcknowledged(outbox.pending(100));
      Visit unsent = admission(6, "pool", old.plusSeconds(120));
      append(ledger, log, unsent, "2024");
      ledger.write("refuse a visit", c -> {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO sync_refusal (visit_id, reason, refused_at) VALUES ('" + refused.id() + "', 'bad', 0)");
        }
        return null;
      });
      List<Integer> before = counts(log);
      assertEquals(1, log.offerAdmissions("concert"));
      long pool = log.offerAdmissions("pool");

      assertEquals(3, new Retention(ledger).prune(NOW), "the two old pool admissions and the void with its admission");

      assertEquals(List.of(forEver.id(), capacity.id(), refused.id(), recent.id(), unsent.id()), ids(ledger));
      assertEquals(before.subList(1, before.size()), counts(log).subList(1, before.size()),
          "counts of open periods, for ever and capacity stay as they were");
      assertEquals(pool - 1, log.offerAdmissions("pool"), "the kept count was recounted: one fewer deleted admission");
      assertEquals(1, log.offerAdmissions("concert"));
      assertEquals(1, outbox.pendingCount());
      assertEquals(0, new Retention(ledger).prune(NOW), "nothing more to delete");
    }
  }

  @Test
  void recentVisitsCanStillBeQueuedAgainAfterPruning() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      VisitLog log = new VisitLog(ledger);
      Outbox outbox = new Outbox(ledger);
      append(ledger, log, admission(1, "pool", Instant.parse("2024-02-01T12:00:00Z")), "2024");
      append(ledger, log, admission(2, "pool", Instant.parse("2026-06-10T12:00:00Z")), "2026");
      append(ledger, log, admission(3, "pool", Instant.parse("2026-06-11T12:00:00Z")), "2026");
      outbox.markAcknowledged(outbox.pending(100));

      assertEquals(1, new Retention(ledger).prune(NOW));

      // The server lost sequences 1..3; the old one is gone for good, the recent ones go again.
      assertEquals(2, outbox.requeue(1, 3));
      assertEquals(List.of(2L, 3L), outbox.pending(10).stream().map(Visit::sequence).toList());
      assertEquals(3, outbox.lastSequence());
    }
  }

  @Test
  void keepsTheNewestVisitSoSequencesAreNeverReused() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      VisitLog log = new VisitLog(ledger);
      Outbox outbox = new Outbox(ledger);
      append(ledger, log, admission(1, "pool", Instant.parse("2024-02-01T12:00:00Z")), "2024");
      append(ledger, log, admission(2, "pool", Instant.parse("2024-02-02T12:00:00Z")), "2024");
      outbox.markAcknowledged(outbox.pending(100));

      assertEquals(1, new Retention(ledger).prune(NOW));

      assertEquals(3, append(ledger, log, admission(3, "pool", NOW), "2026"));
    }
  }

  @Test
  void aYearOfVisitsGoesInChunksAndEachCorrectionOnlyWithItsAdmission() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      VisitLog log = new VisitLog(ledger);
      Outbox outbox = new Outbox(ledger);
      Instant old = Instant.parse("2024-03-01T12:00:00Z");
      List<Visit> admissions = new ArrayList<>();
      ledger.write("a year of visits", c -> {
        for (int i = 0; i < Retention.CHUNK + 100; i++) {
          Visit v = admission(1 + i % 50, "pool", old.plusSeconds(60L * i));
          log.append(v, "2024");
          admissions.add(v);
        }
        // Companions added to an admission of the second chunk, recorded after it.
        log.append(correction(admissions.get(Retention.CHUNK + 50), VisitKind.COMPANIONS, old.plusSeconds(999_999)),
            "2024");
        return null;
      });
      outbox.markAcknowledged(outbox.pending(10_000));
      // Not yet sent: it stays, and so does the void of it.
      Visit unsent = admission(7, "pool", old.plusSeconds(1_000_000));
      append(ledger, log, unsent, "2024");
      append(ledger, log, correction(unsent, VisitKind.VOID, old.plusSeconds(1_000_100)), "2024");
      outbox.markAcknowledged(outbox.pending(10).stream().filter(v -> v.kind() == VisitKind.VOID).toList());

      assertEquals(Retention.CHUNK + 100 + 1, new Retention(ledger).prune(NOW));

      assertEquals(2, ids(ledger).size(), "the unsent admission and its void: " + ids(ledger));
      assertEquals(0, log.used(Fixtures.number(2), "pool", "2024"));
      assertEquals(0, log.used(Fixtures.number(7), "pool", "2024"), "voided, the void kept with it");
    }
  }

  @Test
  void usageCountsOfClosedPeriodsGoButOpenOnesForEverAndCapacityStay() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      ledger.write("counts from the server", c -> {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO offer (id, venue_id, name, quota, period, companions, valid_from, valid_until, "
              + "opening_hours, capacity, targeted) VALUES ('concert', 'v', 'Concert', NULL, NULL, 0, NULL, NULL, '', 50, 0)");
          for (String period : List.of("2024", "C2024-12-31", "2024-11", "2024-W52", "2024-12-31", "2025", "C2025-01-01",
              "2025-W01", "2026-06", "ALL")) {
            s.execute("INSERT INTO usage (card_number, offer_id, period, count) VALUES ('1', 'pool', '" + period + "', 2)");
          }
          s.execute("INSERT INTO usage (card_number, offer_id, period, count) VALUES ('1', 'concert', '2023', 1)");
        }
        return null;
      });

      new Retention(ledger).prune(NOW);

      List<String> kept = ledger.read("counts", c -> {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
            var rs = s.executeQuery("SELECT offer_id || ' ' || period FROM usage ORDER BY offer_id, period")) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      });
      // In June 2026 a card year begun on 1 January 2025 or later may still be open.
      assertEquals(List.of("concert 2023", "pool 2025", "pool 2025-W01", "pool 2026-06", "pool ALL", "pool C2025-01-01"),
          kept);
    }
  }

  private static Visit admission(long card, String offer, Instant at) {
    return new Visit(UUID.randomUUID(), 0, VisitKind.ADMISSION, null, Fixtures.number(card), 0, offer, Fixtures.VENUE,
        "t-1", at, 0, Set.of());
  }

  private static Visit correction(Visit of, VisitKind kind, Instant at) {
    return new Visit(UUID.randomUUID(), 0, kind, of.id(), of.cardNumber(), 0, of.offerId(), Fixtures.VENUE, "t-1", at,
        0, Set.of());
  }

  private static long append(Ledger ledger, VisitLog log, Visit v, String period) {
    return ledger.write("append", c -> log.append(v, period));
  }

  /** The quota counts validation reads: card 1's closed period first, then every kept visit's. */
  private static List<Integer> counts(VisitLog log) {
    List<Integer> out = new ArrayList<>();
    out.add(log.used(Fixtures.number(1), "pool", "2024"));
    out.add(log.used(Fixtures.number(2), "museum", "ALL"));
    out.add(log.used(Fixtures.number(3), "concert", "2024"));
    out.add(log.used(Fixtures.number(4), "pool", "2024"));
    out.add(log.used(Fixtures.number(5), "pool", "2026"));
    out.add(log.used(Fixtures.number(6), "pool", "2024"));
    return out;
  }

  private static List<UUID> ids(Ledger ledger) {
    return ledger.read("list visits", c -> {
      List<UUID> out = new ArrayList<>();
      try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT id FROM visit ORDER BY seq")) {
        while (rs.next()) {
          out.add(UUID.fromString(rs.getString(1)));
        }
      }
      return out;
    });
  }
}
