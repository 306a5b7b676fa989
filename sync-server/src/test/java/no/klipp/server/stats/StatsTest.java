package no.klipp.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import no.klipp.server.db.Dialect;
import no.klipp.server.refund.RefundLine;
import no.klipp.server.refund.Refunds;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pre-aggregated counts, kept as visits arrive, against the same figures worked out here
 * directly from the stored visits, on both databases; then the same after rebuilding them from
 * scratch; and the refunds from the same visits.
 */
class StatsTest {

  /** One stored admission as the oracle sees it: voided or not, with all its companions. */
  private record Admission(String venue, String offer, String card, LocalDate day, long companions, boolean conflict,
      boolean unverified) {}

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void countsKeptAsVisitsArriveEqualCountsFromTheVisits(Dialect dialect) {
    try (TestServer ts = new TestServer(dialect)) {
      StatsWorld w = new StatsWorld(ts, 7);
      // Cards of other periods: issued earlier, renewed ahead (the validity counts follow every change).
      ts.server.cards.issueBatch(w.scheme.id(), List.of(new no.klipp.server.card.CardRequest("Tidlig", 2014,
          LocalDate.of(2025, 6, 1), false), new no.klipp.server.card.CardRequest("Tidlig", 2012, LocalDate.of(2025, 6, 1),
          false)));
      ts.server.cards.renew(w.cards.get(5), LocalDate.of(2026, 6, 1));
      ts.server.cards.renew(w.cards.get(6), LocalDate.of(2026, 6, 1));
      w.play(700);
      checkAll(w);

      // Again after wiping the tables and building them from the stored visits, as on first start.
      ts.rebuildStatistics();
      checkAll(w);

      // And the counts stay right as more visits arrive after the rebuild.
      w.play(150);
      checkAll(w);
    }
  }

  private void checkAll(StatsWorld w) {
    w.ts.server.statsFolder.foldAll(); // the repository is read directly here, not through the folding services
    List<Admission> admissions = oracle(w);
    for (Period p : List.of(new Period(YearMonth.of(2025, 10), YearMonth.of(2026, 5)),
        new Period(YearMonth.of(2026, 1), YearMonth.of(2026, 3)), new Period(YearMonth.of(2025, 12), YearMonth.of(2025, 12)),
        new Period(YearMonth.of(2026, 2), YearMonth.of(2026, 12)))) {
      check(w, admissions, p);
    }
    checkRefunds(w, admissions, LocalDate.of(2025, 11, 15), LocalDate.of(2026, 2, 10));
    checkRefunds(w, admissions, LocalDate.of(2025, 10, 1), LocalDate.of(2026, 5, 31));
    checkRefunds(w, admissions, LocalDate.of(2025, 12, 3), LocalDate.of(2025, 12, 20));
    checkRefunds(w, admissions, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 17));
  }

  /** The admissions that count (not voided), each with the companions added to it, read from {@code visit}. */
  private static List<Admission> oracle(StatsWorld w) {
    ZoneId zone = w.scheme.zone();
    record Raw(UUID id, String kind, UUID refersTo, String venue, String offer, String card, java.time.Instant at,
        int companions, String flags) {}
    List<Raw> raw = w.ts.testDb.db.read(sql -> sql.list("SELECT id, kind, refers_to, venue_id, offer_id, card_number,"
            + " terminal_time, companions, flags FROM visit",
        r -> new Raw(r.uuid("id"), r.string("kind"), r.uuid("refers_to"), r.string("venue_id"), r.string("offer_id"),
            r.string("card_number"), r.instant("terminal_time"), r.intValue("companions"), r.string("flags"))));
    Set<UUID> voided = new HashSet<>();
    Map<UUID, Long> added = new HashMap<>();
    for (Raw r : raw) {
      if (r.kind().equals("VOID")) {
        voided.add(r.refersTo());
      } else if (r.kind().equals("COMPANIONS")) {
        added.merge(r.refersTo(), (long) r.companions(), Long::sum);
      }
    }
    List<Admission> out = new ArrayList<>();
    for (Raw r : raw) {
      if (r.kind().equals("ADMISSION") && !voided.contains(r.id())) {
        out.add(new Admission(r.venue(), r.offer(), r.card(), LocalDate.ofInstant(r.at(), zone),
            r.companions() + added.getOrDefault(r.id(), 0L), r.flags().contains("OFFLINE_CONFLICT"),
            r.flags().contains("CLOCK_UNVERIFIED")));
      }
    }
    assertTrue(out.size() > 300, "a real history: " + out.size());
    assertTrue(voided.size() > 20 && !added.isEmpty(), "voids and added companions are part of it");
    return out;
  }

  private static boolean in(Period p, LocalDate d) {
    return !d.isBefore(p.start()) && !d.isAfter(p.end());
  }

  private void check(StatsWorld w, List<Admission> all, Period p) {
    List<Admission> in = all.stream().filter(a -> in(p, a.day())).toList();
    Map<String, Integer> birthYears = w.ts.testDb.db.read(sql -> {
      Map<String, Integer> m = new HashMap<>();
      sql.list("SELECT card_number, birth_year FROM card", r -> m.put(r.string("card_number"), r.intValue("birth_year")));
      return m;
    });
    StatsRepository repo = new StatsRepository();
    long scheme = w.scheme.id();

    Map<String, long[]> venues = new TreeMap<>();
    Map<String, Set<String>> venueCards = new HashMap<>();
    for (Admission a : in) {
      long[] v = venues.computeIfAbsent(a.venue(), k -> new long[4]);
      v[0]++;
      v[1] += a.companions();
      v[2] += a.conflict() ? 1 : 0;
      v[3] += a.unverified() ? 1 : 0;
      venueCards.computeIfAbsent(a.venue(), k -> new HashSet<>()).add(a.card());
    }
    List<StatsRepository.VenueSums> got = w.ts.testDb.db.read(sql -> repo.venues(sql, scheme, p));
    assertEquals(4, got.size());
    for (StatsRepository.VenueSums v : got) {
      long[] want = venues.getOrDefault(v.venueId(), new long[4]);
      assertEquals(List.of(want[0], want[1], want[2], want[3]),
          List.of(v.visits(), v.companions(), v.conflicts(), v.unverified()), v.name() + " in " + p);
      long children = w.ts.testDb.db.read(sql -> repo.children(sql, List.of(v.venueId()), p));
      assertEquals(venueCards.getOrDefault(v.venueId(), Set.of()).size(), children, v.name() + " children in " + p);
      assertTrue(v.maxMonthChildren() <= children);
    }

    Map<String, long[]> months = new TreeMap<>();
    Map<String, Set<String>> monthCards = new TreeMap<>();
    for (Admission a : in) {
      String m = YearMonth.from(a.day()).toString();
      long[] v = months.computeIfAbsent(m, k -> new long[2]);
      v[0]++;
      v[1] += a.companions();
      monthCards.computeIfAbsent(m, k -> new HashSet<>()).add(a.card());
    }
    Map<String, long[]> gotMonths = new TreeMap<>();
    for (StatsRepository.Sums s : w.ts.testDb.db.read(sql -> repo.months(sql, scheme, p))) {
      if (s.visits() != 0 || s.companions() != 0) {
        gotMonths.put(s.key(), new long[] {s.visits(), s.companions()});
      }
    }
    assertEquals(text(months), text(gotMonths), "months in " + p);
    Map<String, Long> wantMonthHolders = new TreeMap<>();
    monthCards.forEach((m, c) -> wantMonthHolders.put(m, (long) c.size()));
    Map<String, Long> readMonths = w.ts.testDb.db.read(sql -> repo.holders(sql, scheme, p)).byMonth();
    Map<String, Long> gotMonthHolders = new TreeMap<>(readMonths);
    gotMonthHolders.values().removeIf(n -> n == 0);
    assertEquals(wantMonthHolders, gotMonthHolders, "card holders per month in " + p);

    Map<Integer, Set<String>> holders = new TreeMap<>();
    Map<Integer, long[]> byYear = new TreeMap<>();
    for (Admission a : in) {
      int y = birthYears.getOrDefault(a.card(), StatsRecorder.UNKNOWN_BIRTH_YEAR);
      holders.computeIfAbsent(y, k -> new HashSet<>()).add(a.card());
      long[] v = byYear.computeIfAbsent(y, k -> new long[2]);
      v[0]++;
      v[1] += a.companions();
    }
    Map<Integer, Long> wantHolders = new TreeMap<>();
    holders.forEach((y, c) -> wantHolders.put(y, (long) c.size()));
    Map<Integer, Long> readHolders = w.ts.testDb.db.read(sql -> repo.holders(sql, scheme, p)).byBirthYear();
    Map<Integer, Long> gotHolders = new TreeMap<>(readHolders);
    gotHolders.values().removeIf(n -> n == 0);
    assertEquals(wantHolders, gotHolders, "card holders by birth year in " + p);
    Map<String, long[]> gotYears = new TreeMap<>();
    for (StatsRepository.Sums s : w.ts.testDb.db.read(sql -> repo.byBirthYear(sql, scheme, p)).visits()) {
      if (s.visits() != 0 || s.companions() != 0) {
        gotYears.put(s.key(), new long[] {s.visits(), s.companions()});
      }
    }
    Map<String, long[]> wantYears = new TreeMap<>();
    byYear.forEach((y, v) -> wantYears.put(y.toString(), v));
    assertEquals(text(wantYears), text(gotYears), "visits by birth year in " + p);

    Map<Integer, Long> wantIssued = new TreeMap<>();
    w.ts.testDb.db.read(sql -> sql.list("SELECT birth_year, valid_from, valid_until FROM card WHERE scheme_id = ?",
        r -> {
          if (!r.date("valid_from").isAfter(p.end()) && !r.date("valid_until").isBefore(p.start())) {
            wantIssued.merge(r.intValue("birth_year"), 1L, Long::sum);
          }
          return null;
        }, scheme));
    Map<Integer, Long> readIssued = w.ts.testDb.db.read(sql -> repo.byBirthYear(sql, scheme, p)).issued();
    Map<Integer, Long> gotIssued = new TreeMap<>(readIssued);
    gotIssued.values().removeIf(n -> n == 0);
    assertEquals(wantIssued, gotIssued, "cards valid in " + p);
  }

  private void checkRefunds(StatsWorld w, List<Admission> all, LocalDate from, LocalDate to) {
    Refunds r = w.ts.server.refunds.of(w.scheme.id(), null, from, to);
    Map<String, long[]> want = new TreeMap<>();
    for (Admission a : all) {
      if (!a.day().isBefore(from) && !a.day().isAfter(to)) {
        long[] v = want.computeIfAbsent(a.offer(), k -> new long[2]);
        v[0]++;
        v[1] += a.companions();
      }
    }
    Map<String, long[]> got = new TreeMap<>();
    long total = 0;
    for (RefundLine l : r.lines()) {
      got.put(l.offerId(), new long[] {l.visits(), l.companions()});
      long units = l.visits() + (l.companionsAllowed() > 0 ? l.companions() : 0);
      assertEquals(Math.round(units * l.priceOre() * l.refundPercent() / 100.0), l.amountOre(), l.offerName());
      total += l.amountOre();
    }
    assertEquals(text(want), text(got), "refund counts");
    assertEquals(total, r.amountOre());
    RefundLine museum = r.lines().stream().filter(l -> l.venueName().equals("Museet")).findFirst().orElseThrow();
    assertEquals(0, museum.refundedCompanions(), "the museum's offer lets no companion go free");
  }

  private static <K> String text(Map<K, long[]> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(k).append('=').append(java.util.Arrays.toString(v)).append(' '));
    return sb.toString();
  }
}
