package no.klipp.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitIds;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.card.CardRequest;
import no.klipp.server.card.IssuedCard;
import no.klipp.server.db.Dialect;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.support.TestServer;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.venue.Category;
import no.klipp.server.venue.VenueRequest;
import no.klipp.server.visit.Upload;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.server.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Statistics come by whole calendar years that grow a month at a time, and no publication gives
 * away a month's small share of a row when it is subtracted from the one before.
 */
class YearlyPublicationTest {

  @Test
  void aYearRunsToTheLastMonthThatEndedAWeekAgo() {
    assertEquals(YearMonth.of(2026, 1), Period.lastPublished(LocalDate.of(2026, 3, 7)));
    assertEquals(YearMonth.of(2026, 2), Period.lastPublished(LocalDate.of(2026, 3, 8)));
    assertEquals(YearMonth.of(2025, 11), Period.lastPublished(LocalDate.of(2026, 1, 7)));
    assertEquals(new Period(YearMonth.of(2026, 1), YearMonth.of(2026, 2)), Period.ofYear(2026, LocalDate.of(2026, 3, 8)));
    assertEquals(new Period(YearMonth.of(2025, 1), YearMonth.of(2025, 12)), Period.ofYear(2025, LocalDate.of(2026, 3, 8)));
    assertEquals(Period.ofYear(2025, LocalDate.of(2026, 1, 7)), Period.parseYear(" ", LocalDate.of(2026, 1, 7)),
        "early in January the latest published year is the last one");
    assertEquals(400, assertThrows(ApiException.class, () -> Period.ofYear(2026, LocalDate.of(2026, 1, 7))).status());
    assertEquals(400, assertThrows(ApiException.class, () -> Period.parseYear("1999", LocalDate.of(2026, 3, 8))).status());
    assertEquals(400, assertThrows(ApiException.class, () -> Period.parseYear("2026-01", LocalDate.of(2026, 3, 8)))
        .status());
  }

  /** Sixty cards issued today, birth years 2012–2017 in turn; their numbers in order. */
  private static List<String> sixtyCards(TestServer ts, Scheme scheme) {
    List<CardRequest> requests = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      requests.add(new CardRequest("Barn" + i, 2012 + i % 6, null, false));
    }
    List<String> cards = new ArrayList<>();
    for (IssuedCard c : ts.server.cards.issueBatch(scheme.id(), requests)) {
      cards.add(c.card().cardNumber());
    }
    return cards;
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aMonthRestingOnOneChildCannotBeWorkedOutFromTheMonthBefore(Dialect dialect) {
    try (TestServer ts = new TestServer(dialect)) {
      ts.clock.set(Instant.parse("2026-01-01T08:00:00Z"));
      Scheme scheme = ts.scheme("Differansby");
      List<String> cards = sixtyCards(ts, scheme);
      Desk kino = desk(ts, scheme, "Kino", Category.CINEMA);
      Desk pool = desk(ts, scheme, "Badet", Category.POOL);
      // January: 41 children at the cinema, one of them (Lone, card 0) three more times; 10 at the pool.
      for (int i = 0; i < 41; i++) {
        kino.visit(ts, cards.get(i), "2026-01-10T12:00:00Z");
      }
      for (int i = 0; i < 3; i++) {
        kino.visit(ts, cards.get(0), "2026-01-2" + i + "T12:00:00Z");
      }
      for (int i = 0; i < 10; i++) {
        pool.visit(ts, cards.get(41 + i), "2026-01-12T12:00:00Z");
      }
      // February: Lone is the cinema's only visitor, twice; 8 children at the pool.
      kino.visit(ts, cards.get(0), "2026-02-03T12:00:00Z");
      kino.visit(ts, cards.get(0), "2026-02-04T12:00:00Z");
      for (int i = 0; i < 8; i++) {
        pool.visit(ts, cards.get(41 + i), "2026-02-12T12:00:00Z");
      }

      ts.clock.set(Instant.parse("2026-02-08T08:00:00Z"));
      StatsService.Statistics january = ts.server.stats.of(scheme.id(), Period.ofYear(2026, LocalDate.of(2026, 2, 8)));
      ts.clock.set(Instant.parse("2026-03-08T08:00:00Z"));
      StatsService.Statistics february = ts.server.stats.of(scheme.id(), Period.ofYear(2026, LocalDate.of(2026, 3, 8)));

      assertEquals(List.of("2026-01"), january.months().lines().stream().map(Table.Line::key).toList());
      Figure kinoInJanuary = venue(january, "Kino");
      assertFalse(kinoInJanuary.hidden(), "44 visits by 41 children are published");
      assertEquals(44, kinoInJanuary.value());

      assertTrue(venue(february, "Kino").hidden(), "January and February less January would be Lone's visits");
      assertTrue(category(february, "CINEMA").hidden(), "the cinema category is the cinema");
      // Nothing published in February, less the same figure in January, is Lone's two visits.
      for (String table : List.of("venues", "categories")) {
        for (Table.Line later : february.table(table).orElseThrow().lines()) {
          Figure now = later.figures().getFirst();
          Figure before = january.table(table).orElseThrow().lines().stream().filter(l -> l.key().equals(later.key()))
              .findFirst().map(l -> l.figures().getFirst()).orElse(null);
          if (before != null && !now.hidden() && !before.hidden()) {
            assertTrue(now.value() - before.value() != 2, table + " " + later.key() + " gives Lone away");
          }
        }
      }
      assertFalse(february.visits().hidden(), "the scheme's February rests on nine children");
      assertEquals(54 + 10, february.visits().value());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aChildNewInAMonthCannotBeCountedFromTheMonthBefore(Dialect dialect) {
    try (TestServer ts = new TestServer(dialect)) {
      ts.clock.set(Instant.parse("2026-01-01T08:00:00Z"));
      Scheme scheme = ts.scheme("Nykommerby");
      List<String> cards = sixtyCards(ts, scheme);
      Desk kino = desk(ts, scheme, "Kino", Category.CINEMA);
      // January: 40 children at the cinema. February: 8 of them again, and Nyla (card 40), new.
      for (int i = 0; i < 40; i++) {
        kino.visit(ts, cards.get(i), "2026-01-10T12:00:00Z");
      }
      for (int i = 0; i < 8; i++) {
        kino.visit(ts, cards.get(i), "2026-02-10T12:00:00Z");
      }
      kino.visit(ts, cards.get(40), "2026-02-11T12:00:00Z");

      ts.clock.set(Instant.parse("2026-02-08T08:00:00Z"));
      StatsService.Statistics january = ts.server.stats.of(scheme.id(), Period.ofYear(2026, LocalDate.of(2026, 2, 8)));
      ts.clock.set(Instant.parse("2026-03-08T08:00:00Z"));
      StatsService.Statistics february = ts.server.stats.of(scheme.id(), Period.ofYear(2026, LocalDate.of(2026, 3, 8)));

      assertFalse(january.holders().hidden(), "40 children are published");
      assertEquals(40, january.holders().value());
      // Card holders in February, less those in January, would be the children new in February: Nyla.
      List<Figure[]> pairs = new ArrayList<>();
      pairs.add(new Figure[] {january.holders(), february.holders()});
      for (Table.Line later : february.ages().lines()) {
        january.ages().lines().stream().filter(l -> l.key().equals(later.key())).findFirst()
            .ifPresent(l -> pairs.add(new Figure[] {l.figures().getFirst(), later.figures().getFirst()}));
      }
      for (Figure[] p : pairs) {
        if (!p[0].hidden() && !p[1].hidden()) {
          long newcomers = p[1].value() - p[0].value();
          assertFalse(Suppression.small(newcomers), "holders " + p[0].value() + " then " + p[1].value()
              + " count " + newcomers + " new child(ren)");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aCardNewInAMonthCannotBeCountedFromTheMonthBefore(Dialect dialect) {
    try (TestServer ts = new TestServer(dialect)) {
      ts.clock.set(Instant.parse("2026-01-01T08:00:00Z"));
      Scheme scheme = ts.scheme("Nykortby");
      List<CardRequest> requests = new ArrayList<>();
      // January: 42 cards, 7 of each birth year. February: one more, for Nora (born 2012).
      for (int i = 0; i < 42; i++) {
        requests.add(new CardRequest("Barn" + i, 2012 + i % 6, null, false));
      }
      requests.add(new CardRequest("Nora", 2012, LocalDate.of(2026, 2, 11), false));
      ts.server.cards.issueBatch(scheme.id(), requests);

      ts.clock.set(Instant.parse("2026-02-08T08:00:00Z"));
      StatsService.Statistics january = ts.server.stats.of(scheme.id(), Period.ofYear(2026, LocalDate.of(2026, 2, 8)));
      ts.clock.set(Instant.parse("2026-03-08T08:00:00Z"));
      StatsService.Statistics february = ts.server.stats.of(scheme.id(), Period.ofYear(2026, LocalDate.of(2026, 3, 8)));

      assertFalse(january.issued().hidden(), "42 cards are published");
      assertEquals(42, january.issued().value());
      // Cards valid in February, less those in January, would be the cards new in February: Nora's.
      List<Figure[]> pairs = new ArrayList<>();
      pairs.add(new Figure[] {january.issued(), february.issued()});
      for (Table.Line later : february.ages().lines()) {
        january.ages().lines().stream().filter(l -> l.key().equals(later.key())).findFirst()
            .ifPresent(l -> pairs.add(new Figure[] {l.figures().get(1), later.figures().get(1)}));
      }
      for (Figure[] p : pairs) {
        if (!p[0].hidden() && !p[1].hidden()) {
          long newcomers = p[1].value() - p[0].value();
          assertFalse(Suppression.small(newcomers), "cards " + p[0].value() + " then " + p[1].value()
              + " count " + newcomers + " new card(s)");
        }
      }
    }
  }

  private static Figure venue(StatsService.Statistics s, String name) {
    return s.venues().lines().stream().filter(l -> l.label().equals(name)).findFirst().orElseThrow().figures()
        .getFirst();
  }

  private static Figure category(StatsService.Statistics s, String key) {
    return s.categories().lines().stream().filter(l -> l.key().equals(key)).findFirst().orElseThrow().figures()
        .getFirst();
  }

  private static Desk desk(TestServer ts, Scheme scheme, String name, Category category) {
    String venueId = ts.server.venues.create(scheme.id(), new VenueRequest(name, category)).id();
    String offerId = ts.server.offers.create(venueId, new OfferRequest("Billett", null, QuotaPeriod.CALENDAR_YEAR, 0,
        null, null, null, null, 10_000L, 100, false)).id();
    String code = ts.server.terminals.register(venueId, name + " kasse", false).enrollmentCode();
    String token = ts.server.terminals.enroll(new EnrollRequest(code, "t1")).token();
    return new Desk(offerId, ts.server.terminals.authenticate(token));
  }

  /** One venue's terminal, uploading one admission at a time. */
  private static final class Desk {
    final String offerId;
    final TerminalIdentity who;
    final java.util.Random ids;
    long sequence;

    Desk(String offerId, TerminalIdentity who) {
      this.offerId = offerId;
      this.who = who;
      this.ids = new java.util.Random(who.terminalId().hashCode());
    }

    void visit(TestServer ts, String card, String at) {
      Instant time = Instant.parse(at);
      Visit v = new Visit(VisitIds.next(time, ids), ++sequence, VisitKind.ADMISSION, null,
          card, 1, offerId, who.venueId(), who.terminalId(), time, 0, Set.of());
      ts.server.ingest.ingest(who, who.terminalId(), List.of(new Upload.Parsed(v)), new TerminalReport("t1", 0, 0L));
    }
  }
}
