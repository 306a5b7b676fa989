package no.klipp.server.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.server.db.Dialect;
import no.klipp.server.stats.Period;
import no.klipp.server.stats.StatsService;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.api.Test;

class DemoDataTest {

  @Test
  void theDemoStartsWithMonthsOfVisitsThatTheStatisticsShowWithinEveryQuota() {
    try (TestServer ts = new TestServer(Dialect.SQLITE)) {
      LocalDate today = LocalDate.ofInstant(ts.clock.instant(), java.time.ZoneOffset.UTC);
      DemoData.Manifest demo = DemoData.seed(ts.server, today, new SplittableRandom(3));
      Period year = Period.parseYear(null, today);
      StatsService.Statistics s = ts.server.stats.of(demo.schemeId(), year);
      assertFalse(s.visits().hidden());
      assertTrue(s.visits().value() > 100, "visits in the published months: " + s.visits().value());
      assertEquals(0, s.conflicts().value(), "the history keeps within every quota");
      assertEquals(2, demo.terminals().size(), "the two terminals the demo enrolls; the earlier tills are enrolled");
    }
  }

  @Test
  void theDemosDeskGetsTheHoldersNamesAndItsEntranceNone() {
    try (TestServer ts = new TestServer(Dialect.SQLITE)) {
      LocalDate today = LocalDate.ofInstant(ts.clock.instant(), java.time.ZoneOffset.UTC);
      DemoData.Manifest demo = DemoData.seed(ts.server, today, new SplittableRandom(3));
      List<Boolean> staffed = demo.terminals().stream().map(DemoData.DemoTerminal::staffed).toList();
      assertEquals(List.of(true, false), staffed, "the cinema's desk (staff screen), the pool's entrance");
      for (DemoData.DemoTerminal t : demo.terminals()) {
        String token = ts.server.terminals.enroll(new EnrollRequest(t.code(), "demo")).token();
        LedgerSnapshot s = ts.server.ledger.snapshot(ts.server.terminals.authenticate(token));
        assertEquals(200, s.cards().size());
        // The desk greets the children it can admit: no name of a revoked or expired card.
        long usable = s.cards().stream().filter(c -> c.status() == CardStatus.ACTIVE
            && !c.validUntil().isBefore(today)).count();
        assertTrue(usable > 150 && usable < 200, "the demo has some revoked or expired cards: " + usable);
        assertEquals(t.staffed() ? usable : 0, s.cards().stream().filter(c -> c.firstName() != null).count(), t.name());
      }
    }
  }
}
