package no.klipp.server.refund;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.klipp.server.db.DataAccessException;
import no.klipp.server.db.Database;
import no.klipp.server.db.Sql;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeService;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueService;
import no.klipp.server.web.ApiException;

/**
 * Payments of refunds to venues, by venue and month. A statement changes when a terminal uploads
 * late or a visit is voided after the month was paid; each payment records the figures it paid on
 * top of the earlier ones, so what was paid stays as it was and the difference shows as still owed
 * (or owed back) until it is paid too. Only ended months are paid: until then visits still come.
 */
public final class RefundPayments {

  /** One recorded payment: what it added to the month's earlier payments. */
  public record Payment(String venueId, YearMonth month, int number, long visits, long companions,
      long refundedCompanions, long amountOre, Instant paidAt, String paidBy) {}

  /**
   * A venue's month: its statement now ({@code visits}, {@code refundedCompanions}, {@code amountOre}),
   * the payments recorded for it, and whether the month has ended in the scheme's zone.
   */
  public record Month(String venueId, String venueName, YearMonth month, long visits, long companions,
      long refundedCompanions, long amountOre, List<Payment> payments, boolean ended) {

    public Month {
      payments = List.copyOf(payments);
    }

    public long paidOre() {
      return payments.stream().mapToLong(Payment::amountOre).sum();
    }

    /** What is owed on top of the payments; negative when the venue was paid for visits since voided. */
    public long outstandingOre() {
      return amountOre - paidOre();
    }

    long unpaidVisits() {
      return visits - payments.stream().mapToLong(Payment::visits).sum();
    }

    long unpaidCompanions() {
      return companions - payments.stream().mapToLong(Payment::companions).sum();
    }

    long unpaidRefundedCompanions() {
      return refundedCompanions - payments.stream().mapToLong(Payment::refundedCompanions).sum();
    }

    /** True when a payment can be recorded now: the month has ended and its figures differ from those paid. */
    public boolean payable() {
      return ended && (outstandingOre() != 0 || unpaidVisits() != 0 || unpaidCompanions() != 0);
    }
  }

  /** The most months {@link #months} answers at once (a year and a half: a year's statement and some). */
  public static final int MAX_MONTHS = 18;

  private final Database db;
  private final RefundService refunds;
  private final SchemeService schemes;
  private final VenueService venues;
  private final Clock clock;

  public RefundPayments(Database db, RefundService refunds, SchemeService schemes, VenueService venues, Clock clock) {
    this.db = db;
    this.refunds = refunds;
    this.schemes = schemes;
    this.venues = venues;
    this.clock = clock;
  }

  /**
   * Each month from {@code from}'s to {@code to}'s (at most {@value #MAX_MONTHS}) of one venue or
   * (null) every venue of the scheme that had visits or payments in it; by month, then venue name.
   */
  public List<Month> months(long schemeId, String venueId, YearMonth from, YearMonth to) {
    if (to.isBefore(from)) {
      throw ApiException.invalid("the months end before they start: " + from + " to " + to);
    }
    if (from.plusMonths(MAX_MONTHS - 1).isBefore(to)) {
      throw ApiException.invalid("at most " + MAX_MONTHS + " months at once");
    }
    YearMonth current = YearMonth.from(schemes.get(schemeId).today(clock));
    Map<VenueMonth, List<Payment>> paid = paid(schemeId, venueId, from, to);
    List<Month> out = new ArrayList<>();
    Map<YearMonth, Refunds> statements = refunds.monthly(schemeId, venueId, from, to);
    for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
      Map<String, Month> byVenue = new LinkedHashMap<>();
      for (RefundLine l : statements.get(m).lines()) {
        Month before = byVenue.get(l.venueId());
        byVenue.put(l.venueId(), new Month(l.venueId(), l.venueName(), m,
            l.visits() + (before == null ? 0 : before.visits()),
            l.companions() + (before == null ? 0 : before.companions()),
            l.refundedCompanions() + (before == null ? 0 : before.refundedCompanions()),
            l.amountOre() + (before == null ? 0 : before.amountOre()),
            paid.getOrDefault(new VenueMonth(l.venueId(), m), List.of()), m.isBefore(current)));
      }
      for (Map.Entry<VenueMonth, List<Payment>> e : paid.entrySet()) {
        Payment first = e.getValue().getFirst();
        if (first.month().equals(m) && !byVenue.containsKey(first.venueId())) {
          // Paid, and every visit of it voided since: nothing counted now, all of it owed back.
          byVenue.put(first.venueId(), new Month(first.venueId(), venues.get(first.venueId()).name(), m, 0, 0, 0, 0,
              e.getValue(), m.isBefore(current)));
        }
      }
      out.addAll(byVenue.values().stream().sorted(Comparator.comparing(Month::venueName)
          .thenComparing(Month::venueId)).toList());
    }
    return out;
  }

  /**
   * Records that {@code venueId} has been paid what it is owed for {@code month} on top of its
   * earlier payments, {@code expectedOre}: the amount the payer was shown. A statement that has
   * changed since (a late upload, another payment) is refused with 409 and the amount now owed.
   */
  public Payment pay(long schemeId, String venueId, YearMonth month, long expectedOre, String paidBy) {
    Venue venue = venues.get(venueId);
    if (venue.schemeId() != schemeId) {
      throw ApiException.forbidden("not your venue");
    }
    Scheme scheme = schemes.get(schemeId);
    if (!month.isBefore(YearMonth.from(scheme.today(clock)))) {
      throw new ApiException(400, "month_not_ended", "only an ended month is paid: " + month
          + " has visits still to come");
    }
    Month now = months(schemeId, venueId, month, month).stream().findFirst()
        .orElse(new Month(venueId, venue.name(), month, 0, 0, 0, 0, List.of(), true));
    if (!now.payable()) {
      throw new ApiException(409, "nothing_owed", "nothing is owed for " + month + " on top of what was paid");
    }
    if (now.outstandingOre() != expectedOre) {
      throw new ApiException(409, "amount_changed", "the amount owed for " + month + " is now "
          + Refunds.kroner(now.outstandingOre()) + " kr, not " + Refunds.kroner(expectedOre) + " kr; look again");
    }
    Payment p = new Payment(venueId, month, now.payments().size() + 1, now.unpaidVisits(), now.unpaidCompanions(),
        now.unpaidRefundedCompanions(), now.outstandingOre(), clock.instant(), paidBy);
    try {
      db.transaction(sql -> sql.update("INSERT INTO refund_payment (scheme_id, venue_id, month, number, visits,"
              + " companions, refunded_companions, amount_ore, paid_at, paid_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          schemeId, venueId, month.toString(), p.number(), p.visits(), p.companions(), p.refundedCompanions(),
          p.amountOre(), p.paidAt(), paidBy));
    } catch (DataAccessException e) {
      if (e.isUniqueViolation()) {
        // Someone recorded a payment of this month in the meantime; this one would pay it twice.
        throw new ApiException(409, "amount_changed", "another payment for " + month + " was recorded just now;"
            + " look again");
      }
      throw e;
    }
    return p;
  }

  /** The payments of the months {@code [from, to]}, by venue and month, each in order. */
  private Map<VenueMonth, List<Payment>> paid(long schemeId, String venueId, YearMonth from, YearMonth to) {
    return db.read(sql -> {
      Map<VenueMonth, List<Payment>> out = new LinkedHashMap<>();
      for (Payment p : payments(sql, schemeId, venueId, from, to)) {
        out.computeIfAbsent(new VenueMonth(p.venueId(), p.month()), k -> new ArrayList<>()).add(p);
      }
      return out;
    });
  }

  private static List<Payment> payments(Sql sql, long schemeId, String venueId, YearMonth from, YearMonth to)
      throws SQLException {
    // Months as "yyyy-MM" text sort as the months do.
    return sql.list("SELECT venue_id, month, number, visits, companions, refunded_companions, amount_ore, paid_at,"
            + " paid_by"
            + " FROM refund_payment WHERE scheme_id = ? AND month BETWEEN ? AND ?"
            + (venueId == null ? "" : " AND venue_id = ?") + " ORDER BY month, venue_id, number",
        r -> new Payment(r.string("venue_id"), YearMonth.parse(r.string("month")), r.intValue("number"),
            r.longValue("visits"), r.longValue("companions"), r.longValue("refunded_companions"), r.longValue("amount_ore"),
            r.instant("paid_at"),
            r.string("paid_by")),
        venueId == null ? new Object[] {schemeId, from.toString(), to.toString()}
            : new Object[] {schemeId, from.toString(), to.toString(), venueId});
  }

  /** A venue's month, as the key of its payments. */
  private record VenueMonth(String venueId, YearMonth month) {}
}
