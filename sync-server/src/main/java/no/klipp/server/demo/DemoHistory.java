package no.klipp.server.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitIds;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.Server;
import no.klipp.server.offer.OfferDefinition;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.venue.Venue;
import no.klipp.server.visit.Upload;

/**
 * The months of visits the demo starts with, uploaded through the real ingest by one earlier
 * terminal per venue: statistics are published by whole months after they end, so a demo with
 * only today's visits would show an empty statistics page.
 */
final class DemoHistory {

  /** Whole months of visits before the current one. */
  static final int MONTHS = 9;

  private DemoHistory() {}

  /** The first day of the history: the cards' first valid day. */
  static LocalDate start(LocalDate today) {
    return today.minusMonths(MONTHS).withDayOfMonth(1);
  }

  /**
   * Uploads a few dozen admissions a month at each venue, from {@link #start} to the end of last
   * month, by {@code cards} (never more than an offer's quota for one card); answers how many.
   */
  static int upload(Server server, List<Venue> venues, List<String> cards, LocalDate today, ZoneId zone,
      RandomGenerator random) {
    int uploaded = 0;
    for (Venue venue : venues) {
      List<OfferDefinition> offers = server.offers.ofVenue(venue.id()).stream()
          .filter(o -> !o.targeted() && (o.quota() == null || (o.period() == QuotaPeriod.CALENDAR_YEAR && o.quota() > 1)))
          .toList();
      if (offers.isEmpty()) {
        continue;
      }
      // It only uploads the history and never takes a ledger: no names.
      String code = server.terminals.register(venue.id(), "Tidligere kasse", false).enrollmentCode();
      TerminalIdentity till = server.terminals.authenticate(server.terminals.enroll(new EnrollRequest(code,
          "demo-history")).token());
      Map<String, Integer> used = new HashMap<>();
      long sequence = 0;
      for (YearMonth m = YearMonth.from(start(today)); m.isBefore(YearMonth.from(today)); m = m.plusMonths(1)) {
        List<Visit> month = new ArrayList<>();
        for (int i = 20 + random.nextInt(40); i > 0; i--) {
          OfferDefinition offer = offers.get(random.nextInt(offers.size()));
          String card = cards.get(random.nextInt(cards.size()));
          // Calendar-year quotas: the history lies in one year or two; count per year.
          String key = card + "/" + offer.id() + "/" + m.getYear();
          if (offer.quota() != null && used.merge(key, 1, Integer::sum) > offer.quota() - 1) {
            continue; // one visit left for the live demo
          }
          Instant at = m.atDay(1 + random.nextInt(m.lengthOfMonth())).atTime(11 + random.nextInt(5), random.nextInt(60))
              .atZone(zone).toInstant();
          month.add(new Visit(VisitIds.next(at, random), 0, VisitKind.ADMISSION, null, card, 1, offer.id(),
              venue.id(), till.terminalId(), at, 0, Set.of()));
        }
        month.sort(Comparator.comparing(Visit::terminalTime));
        List<Upload> batch = new ArrayList<>();
        for (Visit v : month) {
          batch.add(new Upload.Parsed(new Visit(v.id(), ++sequence, v.kind(), null, v.cardNumber(), 1, v.offerId(),
              v.venueId(), v.terminalId(), v.terminalTime(), 0, Set.of())));
        }
        server.ingest.ingest(till, till.terminalId(), batch, new TerminalReport("demo-history", 0, 0L));
        uploaded += batch.size();
      }
    }
    return uploaded;
  }
}
