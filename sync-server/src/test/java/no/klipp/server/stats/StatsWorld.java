package no.klipp.server.stats;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.card.CardRequest;
import no.klipp.server.card.IssuedCard;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.support.TestServer;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.venue.Category;
import no.klipp.server.venue.VenueRequest;
import no.klipp.server.visit.Upload;

/**
 * A scheme with venues of several categories, cards of many ages, one terminal per venue, and a
 * seeded random history of admissions, added companions and voids uploaded through the real
 * ingest in shuffled, partly repeated, partly back-dated batches.
 */
final class StatsWorld {

  /** A venue's terminal and what it has admitted. */
  static final class Desk {
    final String venueId;
    final String offerId;
    final TerminalIdentity identity;
    long sequence;
    final List<Visit> admissions = new ArrayList<>();
    final Set<UUID> voided = new java.util.HashSet<>();

    Desk(String venueId, String offerId, TerminalIdentity identity) {
      this.venueId = venueId;
      this.offerId = offerId;
      this.identity = identity;
    }
  }

  final TestServer ts;
  final Scheme scheme;
  final List<String> cards = new ArrayList<>();
  final Map<String, Desk> desks = new HashMap<>();
  final List<String> venueIds = new ArrayList<>();
  final Random random;

  StatsWorld(TestServer ts, long seed) {
    this.ts = ts;
    this.random = new Random(seed);
    scheme = ts.scheme("Statistikkby " + seed);
    venue("Kino A", Category.CINEMA, 12000, 50, 1);
    venue("Kino B", Category.CINEMA, 9000, 100, 1);
    venue("Badet", Category.POOL, 6050, 100, 2);
    venue("Museet", Category.MUSEUM, 8000, 100, 0);
    List<CardRequest> requests = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      requests.add(new CardRequest("Barn" + i, 2008 + i % 13, null, i % 3 == 0));
    }
    for (IssuedCard c : ts.server.cards.issueBatch(scheme.id(), requests)) {
      cards.add(c.card().cardNumber());
    }
  }

  private void venue(String name, Category category, long priceOre, int refund, int companions) {
    String venueId = ts.server.venues.create(scheme.id(), new VenueRequest(name, category)).id();
    String offerId = ts.server.offers.create(venueId, new OfferRequest("Billett", 20, QuotaPeriod.CALENDAR_YEAR,
        companions, null, null, null, null, priceOre, refund, false)).id();
    String code = ts.server.terminals.register(venueId, name + " kasse", false).enrollmentCode();
    String token = ts.server.terminals.enroll(new EnrollRequest(code, "t1")).token();
    desks.put(venueId, new Desk(venueId, offerId, ts.server.terminals.authenticate(token)));
    venueIds.add(venueId);
  }

  /** A random time between 2025-10-01 and 2026-05-31, Oslo daytime-ish. */
  Instant randomTime() {
    LocalDate day = LocalDate.of(2025, 10, 1).plusDays(random.nextInt(243));
    return day.atTime(8 + random.nextInt(14), random.nextInt(60)).atZone(scheme.zone()).toInstant();
  }

  /** Uploads {@code events} random events in random batches; some batches are sent twice. */
  void play(int events) {
    List<String> ids = new ArrayList<>(desks.keySet());
    java.util.Collections.sort(ids);
    for (int done = 0; done < events; ) {
      Desk d = desks.get(ids.get(random.nextInt(ids.size())));
      int size = 1 + random.nextInt(25);
      List<Upload> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        Visit v = next(d);
        if (v != null) {
          batch.add(new Upload.Parsed(v));
        }
      }
      ts.server.ingest.ingest(d.identity, d.identity.terminalId(), batch, new TerminalReport("t1", 0, 0L));
      if (random.nextInt(5) == 0) {
        ts.server.ingest.ingest(d.identity, d.identity.terminalId(), batch, new TerminalReport("t1", 0, 0L));
      }
      done += size;
    }
  }

  private Visit next(Desk d) {
    int roll = random.nextInt(100);
    if (roll < 10 && !d.admissions.isEmpty()) {
      Visit a = d.admissions.get(random.nextInt(d.admissions.size()));
      if (!d.voided.contains(a.id())) {
        return event(d, VisitKind.COMPANIONS, a, 1 + random.nextInt(2));
      }
    }
    if (roll >= 10 && roll < 20 && !d.admissions.isEmpty()) {
      Visit a = d.admissions.get(random.nextInt(d.admissions.size()));
      if (d.voided.add(a.id())) {
        return event(d, VisitKind.VOID, a, 0);
      }
    }
    String card;
    if (d.venueId.equals(venueIds.get(3))) {
      card = cards.get(random.nextInt(2)); // the museum sees two children only
    } else if (random.nextInt(40) == 0) {
      card = CardNumber.fromSerial(100_000_000L + random.nextInt(1000)).digits(); // not issued here
    } else {
      card = cards.get((int) Math.min(cards.size() - 1, Math.abs(random.nextGaussian()) * 10));
    }
    Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
    if (random.nextInt(15) == 0) {
      flags.add(VisitFlag.CLOCK_UNVERIFIED);
    }
    Visit v = new Visit(UUID.randomUUID(), ++d.sequence, VisitKind.ADMISSION, null, card, 1, d.offerId, d.venueId,
        d.identity.terminalId(), randomTime(), random.nextInt(3), flags);
    d.admissions.add(v);
    return v;
  }

  private Visit event(Desk d, VisitKind kind, Visit a, int companions) {
    return new Visit(UUID.randomUUID(), ++d.sequence, kind, a.id(), a.cardNumber(), 1, d.offerId, d.venueId,
        d.identity.terminalId(), a.terminalTime().plusSeconds(30), companions, Set.of());
  }
}
