package no.klipp.server.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.card.CardRequest;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.venue.Category;
import no.klipp.server.venue.VenueRequest;
import no.klipp.server.visit.Upload;
import no.klipp.server.web.ApiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A month's refund recorded as paid keeps its figures; visits uploaded late or voided after it show
 * as owed (or owed back) until they are paid too, and no payment is recorded twice.
 */
class RefundPaymentsTest extends OnBothDatabases {

  /** 100 kr a visit, companions free and refunded. */
  private static final long PRICE = 10_000;
  private static final YearMonth MARCH = YearMonth.of(2026, 3);

  Scheme scheme;
  String venueId;
  String offerId;
  TerminalIdentity terminal;
  String card;
  long sequence;

  @BeforeEach
  void setUp() {
    scheme = ts.scheme("Betalby");
    venueId = ts.server.venues.create(scheme.id(), new VenueRequest("Badet", Category.POOL)).id();
    offerId = ts.server.offers.create(venueId, new OfferRequest("Inngang", null, QuotaPeriod.CALENDAR_YEAR, 1, null,
        null, null, null, PRICE, 100, false)).id();
    String code = ts.server.terminals.register(venueId, "Kasse", false).enrollmentCode();
    terminal = ts.server.terminals.authenticate(ts.server.terminals.enroll(new EnrollRequest(code, "t1")).token());
    card = ts.server.cards.issueBatch(scheme.id(), List.of(new CardRequest("Ada", 2014, LocalDate.of(2025, 6, 1),
        false))).getFirst().card().cardNumber();
  }

  @Test
  void aLateUploadAfterPaymentIsOwedOnTopAndTheFirstPaymentStays() {
    upload("2026-04-02T10:00:00Z", admission(LocalDate.of(2026, 3, 10), 1), admission(LocalDate.of(2026, 3, 20), 0));
    RefundPayments.Month before = march();
    assertEquals(3 * PRICE, before.amountOre());
    assertEquals(3 * PRICE, before.outstandingOre());
    assertTrue(before.payable());

    RefundPayments.Payment first = pay(3 * PRICE);
    assertEquals(1, first.number());
    assertEquals(2, first.visits());
    assertEquals(1, first.refundedCompanions());
    RefundPayments.Month paid = march();
    assertEquals(0, paid.outstandingOre());
    assertFalse(paid.payable(), "nothing more is owed");

    // A terminal that was offline uploads a March visit in mid-April.
    upload("2026-04-15T10:00:00Z", admission(LocalDate.of(2026, 3, 28), 0));
    RefundPayments.Month late = march();
    assertEquals(4 * PRICE, late.amountOre(), "the statement counts every visit of the month");
    assertEquals(3 * PRICE, late.paidOre(), "what was paid stays as it was");
    assertEquals(PRICE, late.outstandingOre());
    assertEquals(List.of(first), late.payments());

    RefundPayments.Payment second = pay(PRICE);
    assertEquals(2, second.number());
    assertEquals(1, second.visits());
    assertEquals(0, second.refundedCompanions());
    assertEquals(0, march().outstandingOre());
    assertEquals(List.of(first, second), march().payments());
  }

  @Test
  void aVoidAfterPaymentIsOwedBack() {
    Visit a = admission(LocalDate.of(2026, 3, 10), 0);
    upload("2026-04-02T10:00:00Z", a, admission(LocalDate.of(2026, 3, 11), 0));
    pay(2 * PRICE);

    upload("2026-04-03T10:00:00Z", new Visit(UUID.randomUUID(), ++sequence, VisitKind.VOID, a.id(), card, 1, offerId,
        venueId, terminal.terminalId(), Instant.parse("2026-04-03T09:00:00Z"), 0, Set.of()));
    RefundPayments.Month m = march();
    assertEquals(PRICE, m.amountOre());
    assertEquals(-PRICE, m.outstandingOre(), "the venue was paid for a visit since voided");
    assertTrue(m.payable());

    RefundPayments.Payment back = pay(-PRICE);
    assertEquals(-1, back.visits());
    assertEquals(0, march().outstandingOre());
  }

  @Test
  void aMonthWhoseVisitsWereAllVoidedAfterPaymentStillShows() {
    Visit a = admission(LocalDate.of(2026, 3, 10), 0);
    upload("2026-04-02T10:00:00Z", a);
    pay(PRICE);
    upload("2026-04-03T10:00:00Z", new Visit(UUID.randomUUID(), ++sequence, VisitKind.VOID, a.id(), card, 1, offerId,
        venueId, terminal.terminalId(), Instant.parse("2026-04-03T09:00:00Z"), 0, Set.of()));

    RefundPayments.Month m = march();
    assertEquals("Badet", m.venueName());
    assertEquals(0, m.amountOre());
    assertEquals(-PRICE, m.outstandingOre());
  }

  @Test
  void aMonthNotEndedIsNotPaid() {
    upload("2026-03-31T20:00:00Z", admission(LocalDate.of(2026, 3, 10), 0));
    // 21:59 UTC on 31 March is 23:59 in Oslo: March has not ended there.
    ts.clock.set(Instant.parse("2026-03-31T21:59:00Z"));
    assertFalse(march().ended());
    assertFalse(march().payable());
    ApiException e = assertThrows(ApiException.class, () -> pay(PRICE));
    assertEquals(400, e.status());
    assertEquals("month_not_ended", e.code());

    ts.clock.set(Instant.parse("2026-03-31T22:00:00Z"));
    assertTrue(march().payable());
    pay(PRICE);
  }

  @Test
  void aPaymentOfAnAmountNoLongerOwedIsRefused() {
    upload("2026-04-02T10:00:00Z", admission(LocalDate.of(2026, 3, 10), 0));
    // The page showed 100 kr; a late visit arrives before the button is pressed.
    upload("2026-04-02T11:00:00Z", admission(LocalDate.of(2026, 3, 12), 0));

    ApiException stale = assertThrows(ApiException.class, () -> pay(PRICE));
    assertEquals(409, stale.status());
    assertEquals("amount_changed", stale.code());
    assertTrue(stale.getMessage().contains("200.00"), stale.getMessage());
    assertEquals(List.of(), march().payments(), "nothing recorded");

    pay(2 * PRICE);
    ApiException again = assertThrows(ApiException.class, () -> pay(2 * PRICE));
    assertEquals(409, again.status());
    assertEquals("nothing_owed", again.code());
    assertEquals(1, march().payments().size());
  }

  @Test
  void twoPeoplePayingTheSameMonthAtOnceRecordOnePayment() throws Exception {
    upload("2026-04-02T10:00:00Z", admission(LocalDate.of(2026, 3, 10), 0));
    CyclicBarrier together = new CyclicBarrier(2);
    Callable<Boolean> payer = () -> {
      together.await();
      try {
        pay(PRICE);
        return true;
      } catch (ApiException e) {
        assertEquals(409, e.status());
        return false;
      }
    };
    List<Boolean> outcomes = new ArrayList<>();
    try (ExecutorService two = Executors.newFixedThreadPool(2)) {
      List<Future<Boolean>> f = List.of(two.submit(payer), two.submit(payer));
      for (Future<Boolean> each : f) {
        outcomes.add(each.get());
      }
    }
    assertEquals(1, outcomes.stream().filter(b -> b).count(), "one payment is recorded, the other refused");
    assertEquals(PRICE, march().paidOre());
  }

  @Test
  void anotherSchemesVenueIsNeitherShownNorPaid() {
    upload("2026-04-02T10:00:00Z", admission(LocalDate.of(2026, 3, 10), 0));
    Scheme other = ts.scheme("Annenby");

    assertEquals(List.of(), ts.server.payments.months(other.id(), null, MARCH, MARCH));
    ApiException e = assertThrows(ApiException.class,
        () -> ts.server.payments.pay(other.id(), venueId, MARCH, PRICE, "annenby-admin"));
    assertEquals(403, e.status());
    assertEquals(List.of(), march().payments());
  }

  @Test
  void monthsListEveryVenueWithVisitsOrPaymentsInOrder() {
    String hall = ts.server.venues.create(scheme.id(), new VenueRequest("Arena", Category.OTHER)).id();
    upload("2026-05-02T10:00:00Z", admission(LocalDate.of(2026, 3, 10), 0), admission(LocalDate.of(2026, 4, 3), 0));

    List<RefundPayments.Month> months = ts.server.payments.months(scheme.id(), null, MARCH, YearMonth.of(2026, 5));
    assertEquals(List.of("2026-03 Badet " + PRICE, "2026-04 Badet " + PRICE),
        months.stream().map(m -> m.month() + " " + m.venueName() + " " + m.amountOre()).toList());
    assertFalse(months.stream().anyMatch(m -> m.venueId().equals(hall)), "a venue without visits has no line");
    assertThrows(ApiException.class, () -> ts.server.payments.months(scheme.id(), null, MARCH, YearMonth.of(2026, 2)));
    assertThrows(ApiException.class, () -> ts.server.payments.months(scheme.id(), null, MARCH,
        MARCH.plusMonths(RefundPayments.MAX_MONTHS)));
  }

  private RefundPayments.Payment pay(long expectedOre) {
    return ts.server.payments.pay(scheme.id(), venueId, MARCH, expectedOre, "betalby-admin");
  }

  private RefundPayments.Month march() {
    List<RefundPayments.Month> months = ts.server.payments.months(scheme.id(), venueId, MARCH, MARCH);
    assertEquals(1, months.size(), months.toString());
    return months.getFirst();
  }

  /** An admission at noon in the scheme's zone on {@code day}. */
  private Visit admission(LocalDate day, int companions) {
    return new Visit(UUID.randomUUID(), ++sequence, VisitKind.ADMISSION, null, card, 1, offerId, venueId,
        terminal.terminalId(), day.atTime(LocalTime.NOON).atZone(scheme.zone()).toInstant(), companions, Set.of());
  }

  /** Uploads {@code visits} when the clock shows {@code at}. */
  private void upload(String at, Visit... visits) {
    ts.clock.set(Instant.parse(at));
    ts.server.ingest.ingest(terminal, terminal.terminalId(), List.of(visits).stream().<Upload>map(Upload.Parsed::new)
        .toList(), new TerminalReport("t1", 0, 0L));
  }
}
