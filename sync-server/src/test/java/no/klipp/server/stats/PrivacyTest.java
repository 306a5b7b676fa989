package no.klipp.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The published statistics of a scheme where one venue (the museum) saw two children: its figures
 * show as "<5", and neither the totals nor the other tables give them away.
 */
class PrivacyTest {

  @Test
  void aVenueOfTwoChildrenCannotBeWorkedOutFromTotalsOrTheCategoryTable() {
    try (TestServer ts = new TestServer(Dialect.SQLITE)) {
      StatsWorld w = new StatsWorld(ts, 11);
      w.play(500);
      StatsService.Statistics s = ts.server.stats.of(w.scheme.id(), new Period(YearMonth.of(2025, 10),
          YearMonth.of(2026, 5)));

      Table.Line museum = s.venues().lines().stream().filter(l -> l.label().equals("Museet")).findFirst().orElseThrow();
      assertTrue(museum.figures().stream().allMatch(Figure::hidden), "the museum's row shows <5");
      assertEquals("<5", museum.figures().getFirst().text(','));
      assertFalse(s.visits().hidden(), "the total is published");

      // Differencing: with the total published, one hidden row alone would be total minus the rest.
      List<Table.Line> hiddenVenues = s.venues().lines().stream().filter(l -> l.figures().getFirst().hidden()).toList();
      assertTrue(hiddenVenues.size() >= 2, "a second venue is hidden with the museum: " + hiddenVenues);
      long visible = s.venues().lines().stream().filter(l -> !l.figures().getFirst().hidden())
          .mapToLong(l -> l.figures().getFirst().value()).sum();
      long museumVisits = museum.figures().getFirst().value();
      assertTrue(s.visits().value() - visible != museumVisits, "total minus visible rows is not the museum's count");

      // The category table: the museum is the only museum, so its category is hidden, and so is another.
      Table.Line museumCategory = s.categories().lines().stream().filter(l -> l.key().equals("MUSEUM")).findFirst()
          .orElseThrow();
      assertTrue(museumCategory.figures().getFirst().hidden());
      assertTrue(s.categories().lines().stream().filter(l -> l.figures().getFirst().hidden()).count() >= 2);

      // An outside audit of what is published: every published sum, solved together, leaves every
      // hidden figure undetermined.
      Suppression audit = new Suppression();
      audit.cell("T", s.visits().value(), 0);
      List<String> venueCells = new ArrayList<>();
      for (Table.Line l : s.venues().lines()) {
        audit.cell("v:" + l.key(), l.figures().getFirst().value(), 0);
        venueCells.add("v:" + l.key());
      }
      List<String> categoryCells = new ArrayList<>();
      for (Table.Line l : s.categories().lines()) {
        audit.cell("c:" + l.key(), l.figures().getFirst().value(), 0);
        categoryCells.add("c:" + l.key());
      }
      audit.equation("T", venueCells).equation("T", categoryCells);
      audit.equation("c:CINEMA", List.of("v:" + w.venueIds.get(0), "v:" + w.venueIds.get(1)));
      audit.equation("c:POOL", List.of("v:" + w.venueIds.get(2)));
      audit.equation("c:MUSEUM", List.of("v:" + w.venueIds.get(3)));
      List<String> monthCells = new ArrayList<>();
      for (Table.Line l : s.months().lines()) {
        audit.cell("m:" + l.key(), l.figures().getFirst().value(), 0);
        monthCells.add("m:" + l.key());
      }
      audit.equation("T", monthCells);
      Set<String> hidden = new java.util.LinkedHashSet<>();
      s.venues().lines().stream().filter(l -> l.figures().getFirst().hidden()).forEach(l -> hidden.add("v:" + l.key()));
      s.categories().lines().stream().filter(l -> l.figures().getFirst().hidden()).forEach(l -> hidden.add("c:" + l.key()));
      s.months().lines().stream().filter(l -> l.figures().getFirst().hidden()).forEach(l -> hidden.add("m:" + l.key()));
      assertEquals(Set.of(), audit.determined(hidden), "hidden: " + hidden.stream().collect(Collectors.joining(", ")));
    }
  }
}
