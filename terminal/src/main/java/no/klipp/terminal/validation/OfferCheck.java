package no.klipp.terminal.validation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import no.klipp.protocol.sync.OpeningHours;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.terminal.ledger.Admission;
import no.klipp.terminal.ledger.Card;
import no.klipp.terminal.ledger.Roster;
import no.klipp.terminal.ledger.VisitLog;

/**
 * Whether one offer admits one card now. The checks run from the coarsest (is the offer for this
 * card at all) to the finest (quota), so the furthest check reached is the most telling refusal.
 */
final class OfferCheck {

  /** One offer's answer; {@code stage} orders refusals, higher = got further. */
  record Outcome(Offer offer, Reason reason, int stage, String period, Integer visitsLeft) {
    boolean admits() {
      return reason.admits();
    }
  }

  private final Roster roster;
  private final VisitLog visits;
  private final ZoneId zone;

  OfferCheck(Roster roster, VisitLog visits, ZoneId zone) {
    this.roster = roster;
    this.visits = visits;
    this.zone = zone;
  }

  Outcome check(Offer o, Card card, LocalDateTime local, Instant now, List<Admission> recent,
      Duration passback, Optional<Instant> offlineSince, int offlineMax) {
    LocalDate date = local.toLocalDate();
    if (o.targeted() && !card.offers().contains(o.id())) {
      return new Outcome(o, Reason.NOT_VALID_HERE, 0, null, null);
    }
    if ((o.validFrom() != null && date.isBefore(o.validFrom())) || (o.validUntil() != null && date.isAfter(o.validUntil()))) {
      return new Outcome(o, Reason.NOT_VALID_HERE, 1, null, null);
    }
    if (!open(o.openingHours(), local)) {
      return new Outcome(o, Reason.OUTSIDE_OPENING_HOURS, 2, null, null);
    }
    if (o.capacity() != null && roster.offerUsage(o.id()) + visits.offerAdmissions(o.id()) >= o.capacity()) {
      return new Outcome(o, Reason.SOLD_OUT, 3, null, null);
    }
    Instant passbackFrom = now.minus(passback);
    for (Admission a : recent) {
      if (a.offerId().equals(o.id()) && !a.at().isBefore(passbackFrom)) {
        return new Outcome(o, Reason.ALREADY_SCANNED, 4, null, null);
      }
    }
    String period = o.period() == null ? "ALL" : o.period().key(date, card.validFrom());
    Integer left = null;
    if (o.quota() != null) {
      int used = used(o, card, date, period);
      if (used >= o.quota()) {
        return new Outcome(o, Reason.QUOTA_USED, 5, period, 0);
      }
      left = o.quota() - used - 1;
    }
    if (offlineSince.isPresent() && visits.admissionsSince(card.number(), o.id(), offlineSince.get()) >= offlineMax) {
      return new Outcome(o, Reason.OFFLINE_LIMIT, 6, period, left == null ? null : left + 1);
    }
    return new Outcome(o, Reason.ADMITTED, 7, period, left);
  }

  /** Visits left after the admissions already made (for a repeated verdict of {@code last}). */
  Integer visitsLeft(Offer o, Card card, Admission last) {
    if (o.quota() == null) {
      return null;
    }
    return Math.max(0, o.quota() - used(o, card, LocalDate.ofInstant(last.at(), zone), last.period()));
  }

  private int used(Offer o, Card card, LocalDate date, String period) {
    if (o.period() != QuotaPeriod.CARD_YEAR) {
      return visits.used(card.number(), o.id(), period);
    }
    // A card year's key depends on the card's valid-from, which this terminal guessed (the issue
    // date) for a card issued after the last sync; the server may set another. So this terminal's
    // own admissions are counted by time within the card year as now known, not by the key they
    // were stored under. Smaller and safer than re-keying stored visits when a roster arrives: no
    // rewrite of recorded visits, and it holds for any later change of valid-from too.
    LocalDate validFrom = card.validFrom();
    int year = o.period().start(date, validFrom).getYear() - validFrom.getYear();
    // Each year ends where the next anniversary begins (29 February included).
    Instant from = validFrom.plusYears(year).atStartOfDay(zone).toInstant();
    Instant until = validFrom.plusYears(year + 1).atStartOfDay(zone).toInstant();
    // As QuotaPeriod.key, days before valid-from belong to the first card year; but the admissions
    // here before it are either of a card unknown here, admitted on a guessed valid-from (its
    // credential's issue date, within a year of the real one), or of the card's previous period,
    // which a renewal moved valid-from past. Only the first count: those whose guessed card year,
    // the stored key "C<start>", had not ended by valid-from (ISO dates sort as text).
    LocalDate yearBefore = validFrom.minusYears(1);
    String unknownPeriodsAfter = year == 0 ? QuotaPeriod.CARD_YEAR.key(yearBefore, yearBefore) : null;
    return visits.usedBetween(card.number(), o.id(), period, from, until, unknownPeriodsAfter);
  }

  static boolean open(List<OpeningHours> hours, LocalDateTime local) {
    if (hours.isEmpty()) {
      return true;
    }
    for (OpeningHours h : hours) {
      if (h.day() == local.getDayOfWeek() && h.covers(local.toLocalTime())) {
        return true;
      }
    }
    return false;
  }
}
