package no.klipp.server.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import no.klipp.server.auth.Role;
import no.klipp.server.refund.RefundDocuments;
import no.klipp.server.refund.RefundLine;
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
  private final VenueService venues;
  private final SchemeService schemes;
  private final Clock clock;

  RefundPages(RefundService refunds, VenueService venues, SchemeService schemes, Clock clock) {
    this.refunds = refunds;
    this.venues = venues;
    this.schemes = schemes;
    this.clock = clock;
  }

  /** The period and venue asked for; a venue user is held to their own venue. */
  private record Ask(LocalDate from, LocalDate to, String venueId) {
    String query() {
      return "from=" + from + "&to=" + to + (venueId == null ? "" : "&venue=" + venueId);
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
    req.ctx().html(Layout.page(req, m.f("refund.heading", a.from().toString(), a.to().toString()), h.toString()));
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
        RefundDocuments.pdf(r, scheme, req.m()::t));
  }
}
