package no.klipp.server.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import no.klipp.server.auth.Role;
import no.klipp.server.refund.RefundDocuments;
import no.klipp.server.refund.RefundLine;
import no.klipp.server.refund.RefundPayments;
import no.klipp.server.refund.RefundService;
import no.klipp.server.refund.Refunds;
import no.klipp.server.scheme.SchemeService;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueService;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Check;
import no.klipp.server.web.Dates;

/**
 * Refunds per venue and period, as a page, CSV and PDF. Amounts must be exact to be paid, so the
 * figures here are not rounded to "<5": only the scheme's administrators and the venue itself
 * see them, and no child is named.
 */
final class RefundPages {

  private final RefundService refunds;
  private final RefundPayments payments;
  private final VenueService venues;
  private final SchemeService schemes;
  private final Clock clock;

  RefundPages(RefundService refunds, RefundPayments payments, VenueService venues, SchemeService schemes,
      Clock clock) {
    this.refunds = refunds;
    this.payments = payments;
    this.venues = venues;
    this.schemes = schemes;
    this.clock = clock;
  }

  /** The period and venue asked for; a venue user is held to their own venue. */
  private record Ask(LocalDate from, LocalDate to, String venueId) {
    String query() {
      return "from=" + from + "&to=" + to + (venueId == null ? ""
          : "&venue=" + java.net.URLEncoder.encode(venueId, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private Ask ask(Req req) {
    // The scheme's day, not the server's (UTC): refunds are counted by the day of the visit there.
    LocalDate today = schemes.get(req.person().schemeId()).today(clock);
    LocalDate from = date(req.query("from"), today.withDayOfMonth(1), "from", today);
    LocalDate to = date(req.query("to"), today, "to", today);
    String venueId = req.query("venue");
    if (req.person().role() == Role.VENUE) {
      if (venueId != null && !venueId.equals(req.person().venueId())) {
        throw ApiException.forbidden("not your venue");
      }
      venueId = req.person().venueId();
    } else if (venueId != null) {
      // Checked as typed text first: a NUL in the id would reach the query (a 500 on PostgreSQL).
      Venue v = venues.get(Check.text(venueId, "venue", 100));
      if (v.schemeId() != req.person().schemeId()) {
        throw ApiException.forbidden("not your venue");
      }
    }
    return new Ask(from, to, venueId);
  }

  private static LocalDate date(String s, LocalDate fallback, String name, LocalDate today) {
    return s == null ? fallback : Dates.parse(s, name, today);
  }

  void page(Req req) {
    Messages m = req.m();
    Ask a = ask(req);
    Refunds r = refunds.of(req.person().schemeId(), a.venueId(), a.from(), a.to());
    Html h = new Html();
    h.raw("<form method=\"get\" class=\"box\">")
        .input(m.t("refund.from"), "from", "date", a.from().toString(), "id=\"from\"")
        .input(m.t("refund.to"), "to", "date", a.to().toString(), "id=\"to\"");
    if (req.person().role() == Role.ADMIN) {
      List<String[]> options = new ArrayList<>();
      options.add(new String[] {"", m.t("refund.allVenues")});
      for (Venue v : venues.ofScheme(req.person().schemeId())) {
        options.add(new String[] {v.id(), v.name()});
      }
      h.select(m.t("refund.venue"), "venue", options, a.venueId() == null ? "" : a.venueId());
    }
    h.raw(" <button type=\"submit\" id=\"show\">").text(m.t("stats.show")).raw("</button></form>");
    h.raw("<table id=\"refunds\"><thead><tr>");
    for (String c : RefundDocuments.COLUMNS) {
      h.el("th", c.equals("refund.venue") || c.equals("refund.offer") ? "" : "class=\"n\"", m.t(c));
    }
    h.raw("</tr></thead><tbody>");
    for (RefundLine l : r.lines()) {
      h.raw("<tr>").el("td", l.venueName()).el("td", r.offer(l)).el("td", "class=\"n\"", Refunds.kroner(l.priceOre()))
          .el("td", "class=\"n\"", l.refundPercent() + " %").el("td", "class=\"n\"", "" + l.visits())
          .el("td", "class=\"n\"", "" + l.companions()).el("td", "class=\"n\"", "" + l.refundedCompanions())
          .el("td", "class=\"n\"", Refunds.kroner(l.amountOre())).raw("</tr>");
    }
    h.raw("<tr class=\"total\">").el("td", m.t("row.total")).raw("<td></td><td></td><td></td>")
        .el("td", "class=\"n\"", "" + r.visits())
        .el("td", "class=\"n\"", "" + r.lines().stream().mapToLong(RefundLine::companions).sum())
        .el("td", "class=\"n\"", "" + r.refundedCompanions())
        .el("td", "class=\"n\" id=\"refund-total\"", Refunds.kroner(r.amountOre())).raw("</tr></tbody></table>");
    h.el("p", "class=\"muted\"", m.t("refund.explain"));
    if (r.targetedByMonth()) {
      h.el("p", "class=\"muted\" id=\"by-month\"", m.t("refund.byMonth"));
    }
    h.raw("<p>").link(Dashboard.ROOT + "/refunds.csv?" + a.query(), m.t("refund.csv")).raw(" · ")
        .link(Dashboard.ROOT + "/refunds.pdf?" + a.query(), m.t("refund.pdf")).raw("</p>");
    paymentsTable(req, a, h);
    req.ctx().html(Layout.page(req, m.f("refund.heading", a.from().toString(), a.to().toString()), h.toString()));
  }

  /**
   * The statement's months (the last {@value RefundPayments#MAX_MONTHS} of them), each venue's
   * refund now, what was recorded as paid and what is still owed; an administrator records a
   * payment of what is owed for an ended month with one button, which sends the amount it shows.
   */
  private void paymentsTable(Req req, Ask a, Html h) {
    Messages m = req.m();
    boolean admin = req.person().role() == Role.ADMIN;
    h.el("h2", m.t("refund.payments"));
    if (a.venueId() == null) {
      // A row for every venue's every month would be 3,600 for a year of 300 venues, and working
      // out each month's refund apart doubled the page's time: each venue's own statement has its months.
      h.el("p", "class=\"muted\" id=\"payments-by-venue\"", m.t("refund.chooseVenue"));
      return;
    }
    List<RefundPayments.Month> months = paymentMonths(req, a);
    java.time.ZoneId zone = schemes.get(req.person().schemeId()).zone();
    h.raw("<table id=\"payments\"><thead><tr>").el("th", m.t("refund.month")).el("th", m.t("refund.venue"))
        .el("th", "class=\"n\"", m.t("refund.amount")).el("th", "class=\"n\"", m.t("refund.paid"))
        .el("th", "class=\"n\"", m.t("refund.owed")).el("th", "").raw("</tr></thead><tbody>");
    for (RefundPayments.Month month : months) {
      h.raw("<tr data-venue=\"" + Html.esc(month.venueId()) + "\" data-month=\"" + month.month() + "\">")
          .el("td", month.month().toString()).el("td", month.venueName())
          .el("td", "class=\"n\"", Refunds.kroner(month.amountOre()))
          .el("td", "class=\"n\"", Refunds.kroner(month.paidOre()))
          .el("td", "class=\"n owed\"", Refunds.kroner(month.outstandingOre())).raw("<td>");
      if (admin && month.payable()) {
        h.raw("<form method=\"post\" class=\"inline\" action=\"" + Dashboard.ROOT + "/refunds/payments\">")
            .raw(req.csrfField()).raw(hidden("venue", month.venueId())).raw(hidden("month", month.month().toString()))
            .raw(hidden("amount", Long.toString(month.outstandingOre()))).raw(hidden("from", a.from().toString()))
            .raw(hidden("to", a.to().toString())).raw(hidden("view", a.venueId() == null ? "" : a.venueId()))
            .raw("<button type=\"submit\" class=\"pay\">").text(m.t("refund.pay")).raw("</button></form>");
      } else if (!month.ended()) {
        h.el("span", "class=\"muted\"", m.t("refund.monthOpen"));
      } else if (!month.payable()) {
        h.el("span", "class=\"muted\"", m.t("refund.paidInFull"));
      }
      for (RefundPayments.Payment p : month.payments()) {
        // The payer's name only to administrators: a venue sees when and what it was paid.
        String day = LocalDate.ofInstant(p.paidAt(), zone).toString();
        h.el("div", "class=\"muted payment\"", admin ? m.f("refund.paymentBy", Refunds.kroner(p.amountOre()), day,
            p.paidBy()) : m.f("refund.payment", Refunds.kroner(p.amountOre()), day));
      }
      h.raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    h.el("p", "class=\"muted\"", m.t("refund.paymentsExplain"));
  }

  /** The months of the statement asked for, at most the last {@value RefundPayments#MAX_MONTHS}, with their payments. */
  private List<RefundPayments.Month> paymentMonths(Req req, Ask a) {
    YearMonth last = YearMonth.from(a.to());
    YearMonth first = YearMonth.from(a.from());
    if (first.plusMonths(RefundPayments.MAX_MONTHS - 1).isBefore(last)) {
      first = last.minusMonths(RefundPayments.MAX_MONTHS - 1);
    }
    return payments.months(req.person().schemeId(), a.venueId(), first, last);
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.esc(value) + "\">";
  }

  /** Records a payment of what a venue is owed for a month, then shows the statement it came from. */
  void pay(Req req) {
    String venueId = Check.text(required(req, "venue"), "venue", 100);
    YearMonth month;
    long amount;
    try {
      month = YearMonth.parse(required(req, "month"));
      amount = Long.parseLong(required(req, "amount"));
    } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
      throw ApiException.invalid("month must be yyyy-MM and amount whole øre");
    }
    payments.pay(req.person().schemeId(), venueId, month, amount, req.person().username());
    LocalDate today = schemes.get(req.person().schemeId()).today(clock);
    Ask back = new Ask(date(req.form("from"), month.atDay(1), "from", today),
        date(req.form("to"), month.atEndOfMonth(), "to", today), req.form("view"));
    req.ctx().redirect(Dashboard.ROOT + "/refunds?" + back.query());
  }

  private static String required(Req req, String name) {
    String v = req.form(name);
    if (v == null) {
      throw ApiException.invalid(name + " is required");
    }
    return v;
  }

  void csv(Req req) {
    Ask a = ask(req);
    Refunds r = refunds.of(req.person().schemeId(), a.venueId(), a.from(), a.to());
    Dashboard.download(req, "klipp-refunds-" + a.from() + "-" + a.to() + ".csv", "text/csv; charset=utf-8",
        RefundDocuments.csv(r, req.m()::t));
  }

  void pdf(Req req) {
    Ask a = ask(req);
    Refunds r = refunds.of(req.person().schemeId(), a.venueId(), a.from(), a.to());
    String scheme = schemes.get(req.person().schemeId()).name();
    Dashboard.download(req, "klipp-refunds-" + a.from() + "-" + a.to() + ".pdf", "application/pdf",
        RefundDocuments.pdf(r, a.venueId() == null ? List.of() : paymentMonths(req, a), scheme, req.m()::t));
  }
}
