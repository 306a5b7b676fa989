package no.klipp.server.dashboard;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import no.klipp.protocol.sync.OpeningHours;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.server.auth.Role;
import no.klipp.server.offer.OfferDefinition;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.offer.OfferService;
import no.klipp.server.scheme.SchemeService;
import no.klipp.server.terminal.Registration;
import no.klipp.server.terminal.Terminal;
import no.klipp.server.terminal.TerminalService;
import no.klipp.server.venue.Category;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueRequest;
import no.klipp.server.venue.VenueService;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Dates;

/** Venues with their offers and terminals: create and edit (administrators), view (the venue's own users). */
final class VenuePages {

  /** A terminal silent for longer than this stands out. */
  static final Duration SILENT = Duration.ofDays(1);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final VenueService venues;
  private final OfferService offers;
  private final TerminalService terminals;
  private final SchemeService schemes;
  private final Clock clock;

  VenuePages(VenueService venues, OfferService offers, TerminalService terminals, SchemeService schemes, Clock clock) {
    this.venues = venues;
    this.offers = offers;
    this.terminals = terminals;
    this.schemes = schemes;
    this.clock = clock;
  }

  void list(Req req) {
    Messages m = req.m();
    Html h = new Html();
    h.raw("<table id=\"venues\"><thead><tr>").el("th", m.t("venue.name")).el("th", m.t("venue.category"))
        .raw("</tr></thead><tbody>");
    for (Venue v : venues.ofScheme(req.person().schemeId())) {
      h.raw("<tr><td>").link(Dashboard.ROOT + "/venues/" + v.id(), v.name()).raw("</td>")
          .el("td", m.t("category." + v.category())).raw("</tr>");
    }
    h.raw("</tbody></table>").el("h2", m.t("venue.new"));
    venueForm(h, req, Dashboard.ROOT + "/venues", null);
    req.ctx().html(Layout.page(req, m.t("venue.title"), h.toString()));
  }

  private static void venueForm(Html h, Req req, String action, Venue v) {
    Messages m = req.m();
    List<String[]> categories = new ArrayList<>();
    for (Category c : Category.values()) {
      categories.add(new String[] {c.name(), m.t("category." + c)});
    }
    h.raw("<form method=\"post\" class=\"box\" action=\"" + Html.esc(action) + "\">").raw(req.csrfField())
        .input(m.t("venue.name"), "name", "text", v == null ? "" : v.name(), "id=\"venue-name\" required maxlength=\"100\"")
        .select(m.t("venue.category"), "category", categories, v == null ? "CINEMA" : v.category().name())
        .raw(" <button type=\"submit\" id=\"save-venue\">").text(m.t("form.save")).raw("</button></form>");
  }

  void create(Req req) {
    Venue v = venues.create(req.person().schemeId(), venueRequest(req));
    req.ctx().redirect(Dashboard.ROOT + "/venues/" + v.id());
  }

  void update(Req req) {
    Venue v = venue(req);
    venues.update(v.id(), venueRequest(req));
    req.ctx().redirect(Dashboard.ROOT + "/venues/" + v.id());
  }

  private static VenueRequest venueRequest(Req req) {
    try {
      return new VenueRequest(req.form("name"), Category.valueOf(String.valueOf(req.form("category"))));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("unknown category");
    }
  }

  /** The venue of the path, if the person may see it (a venue user: only their own). */
  private Venue venue(Req req) {
    Venue v = venues.get(req.ctx().pathParam("venueId"));
    boolean ok = req.person().role() == Role.VENUE ? v.id().equals(req.person().venueId())
        : v.schemeId() == req.person().schemeId();
    if (!ok) {
      throw ApiException.forbidden("not your venue");
    }
    return v;
  }

  void show(Req req) {
    Messages m = req.m();
    Venue v = venue(req);
    boolean admin = req.person().role() == Role.ADMIN;
    Html h = new Html();
    h.el("p", m.t("venue.category") + ": " + m.t("category." + v.category()));
    if (admin) {
      h.el("h2", m.t("venue.edit"));
      venueForm(h, req, Dashboard.ROOT + "/venues/" + v.id(), v);
    }
    h.el("h2", m.t("offer.title"));
    h.raw("<table id=\"offers\"><thead><tr>").el("th", m.t("offer.name")).el("th", m.t("offer.quota"))
        .el("th", m.t("offer.window")).el("th", m.t("offer.capacity")).el("th", "class=\"n\"", m.t("offer.price"))
        .el("th", "class=\"n\"", m.t("offer.refund")).el("th", "class=\"n\"", m.t("offer.companions"))
        .raw("</tr></thead><tbody>");
    for (OfferDefinition o : offers.ofVenue(v.id())) {
      h.raw("<tr><td>");
      if (admin) {
        h.link(Dashboard.ROOT + "/offers/" + o.id(), o.name());
      } else {
        h.text(o.name());
      }
      h.raw(o.withdrawn() ? " <span class=\"badge\">" + Html.esc(m.t("offer.withdrawn")) + "</span>" : "")
          .raw("</td>").el("td", o.quota() == null ? m.t("offer.unlimited")
              : o.quota() + " / " + m.t("period." + o.period()))
          .el("td", window(o, m)).el("td", o.capacity() == null ? "–" : "" + o.capacity())
          .el("td", "class=\"n\"", no.klipp.server.refund.Refunds.kroner(o.priceOre()))
          .el("td", "class=\"n\"", o.refundPercent() + " %").el("td", "class=\"n\"", "" + o.companions())
          .raw("</tr>");
    }
    h.raw("</tbody></table>");
    if (admin) {
      h.el("h2", m.t("offer.new"));
      offerForm(h, req, Dashboard.ROOT + "/venues/" + v.id() + "/offers", null);
    }
    h.el("h2", m.t("terminal.title"));
    terminalTable(h, req, List.of(v), terminals.ofVenue(v.id()), schemes.get(v.schemeId()).zone());
    if (admin) {
      h.raw("<form method=\"post\" class=\"box\" action=\"" + Dashboard.ROOT + "/venues/" + Html.esc(v.id())
              + "/terminals\">").raw(req.csrfField())
          .input(m.t("terminal.name"), "name", "text", "", "id=\"terminal-name\" required maxlength=\"100\"")
          // Unticked by default: names reach a terminal only when someone says staff look at it.
          .input(m.t("terminal.staffed"), "staffed", "checkbox", "yes", "id=\"terminal-staffed\"")
          .raw(" <button type=\"submit\" id=\"register\">").text(m.t("terminal.register")).raw("</button></form>")
          .el("p", "class=\"muted\"", m.t("terminal.staffedHelp"));
    }
    req.ctx().html(Layout.page(req, v.name(), h.toString()));
  }

  private static String window(OfferDefinition o, Messages m) {
    String dates = o.validFrom() == null && o.validUntil() == null ? m.t("offer.always")
        : (o.validFrom() == null ? "" : o.validFrom().toString()) + " – "
            + (o.validUntil() == null ? "" : o.validUntil().toString());
    return o.openingHours().isEmpty() ? dates : dates + "; " + hoursText(o.openingHours());
  }

  static String hoursText(List<OpeningHours> hours) {
    List<String> parts = new ArrayList<>();
    for (OpeningHours oh : hours) {
      String closes = oh.closes().equals(LocalTime.MIDNIGHT) ? "24:00" : oh.closes().toString();
      parts.add(oh.day().name().substring(0, 3).toLowerCase(Locale.ROOT) + " " + oh.opens() + "-" + closes);
    }
    return String.join(", ", parts);
  }

  /** Terminals with their venue's name; one silent for more than a day stands out. */
  void terminalTable(Html h, Req req, List<Venue> list, List<Terminal> all, ZoneId zone) {
    Messages m = req.m();
    boolean admin = req.person().role() == Role.ADMIN;
    Instant now = clock.instant();
    java.util.Map<String, String> names = new java.util.HashMap<>();
    list.forEach(v -> names.put(v.id(), v.name()));
    h.raw("<table id=\"terminals\"><thead><tr>").el("th", m.t("terminal.venue")).el("th", m.t("terminal.name"))
        .el("th", m.t("terminal.staffedHeader")).el("th", m.t("terminal.state")).el("th", m.t("terminal.lastContact")).el("th", m.t("terminal.version"))
        .el("th", "class=\"n\"", m.t("terminal.waiting")).el("th", "class=\"n\"", m.t("terminal.offset"))
        .raw(admin ? "<th>" + Html.esc(m.t("terminal.actions")) + "</th>" : "")
        .raw("</tr></thead><tbody>");
    List<Terminal> sorted = new ArrayList<>(all);
    sorted.sort(java.util.Comparator.comparing((Terminal t) -> names.getOrDefault(t.venueId(), ""))
        .thenComparing(Terminal::name));
    for (Terminal t : sorted) {
      boolean silent = t.state() == no.klipp.server.terminal.TerminalState.ACTIVE
          && (t.lastContactAt() == null || t.lastContactAt().isBefore(now.minus(SILENT)));
      h.raw(silent ? "<tr class=\"silent\">" : "<tr>").el("td", names.getOrDefault(t.venueId(), "")).el("td", t.name())
          .raw("<td class=\"staffed\"><span class=\"flag\">")
          .text(m.t(t.staffed() ? "terminal.staffedYes" : "terminal.staffedNo")).raw("</span>")
          .raw(admin && t.state() != no.klipp.server.terminal.TerminalState.REVOKED ? staffingForm(req, t) : "")
          .raw("</td>")
          .el("td", m.t("terminalState." + t.state())).raw("<td>")
          .text(t.lastContactAt() == null ? "–" : TIME.format(t.lastContactAt().atZone(zone)))
          .raw(silent ? " <span class=\"badge\">" + Html.esc(m.t("terminal.silent")) + "</span>" : "").raw("</td>")
          .el("td", t.softwareVersion() == null ? "–" : t.softwareVersion())
          .raw("<td class=\"n\">").text(t.visitsWaiting() == null ? "–" : "" + t.visitsWaiting())
          .raw(t.visitsLost() > 0 ? " <span class=\"badge lost\">" + Html.esc(m.f("terminal.lost", t.visitsLost()))
              + "</span>" : "").raw("</td>")
          .el("td", "class=\"n\"", t.clockOffsetMillis() == null ? "–"
              : String.format(Locale.ROOT, "%+.1f s", t.clockOffsetMillis() / 1000.0))
          .raw(admin ? "<td class=\"actions\">" + terminalActions(req, t) + "</td>" : "")
          .raw("</tr>");
    }
    h.raw("</tbody></table>");
  }

  /**
   * A stolen or broken terminal is revoked (its next call is refused, for good); a new enrollment
   * code replaces its token (a terminal set up again). None for a revoked one.
   */
  private static String terminalActions(Req req, Terminal t) {
    if (t.state() == no.klipp.server.terminal.TerminalState.REVOKED) {
      return "";
    }
    String base = Dashboard.ROOT + "/terminals/" + Html.esc(t.id());
    return "<form method=\"post\" class=\"inline\" action=\"" + base + "/rotate\">" + req.csrfField()
        + "<button type=\"submit\" class=\"rotate\">" + Html.esc(req.m().t("terminal.rotate")) + "</button></form> "
        + "<form method=\"post\" class=\"inline\" action=\"" + base + "/revoke\">" + req.csrfField()
        + "<button type=\"submit\" class=\"revoke\">" + Html.esc(req.m().t("terminal.revoke")) + "</button></form>";
  }

  /** Revokes a terminal; back to its venue's page. */
  void revokeTerminal(Req req) {
    Terminal t = schemeTerminal(req);
    terminals.revoke(t.id());
    req.ctx().redirect(Dashboard.ROOT + "/venues/" + t.venueId());
  }

  /** Gives a terminal a new one-time enrollment code (its token stops working now); shows the code. */
  void rotateTerminal(Req req) {
    Terminal t = schemeTerminal(req);
    codePage(req, terminals.rotate(t.id()), venues.get(t.venueId()));
  }

  /** The terminal of the path, if it is of the caller's scheme. */
  private Terminal schemeTerminal(Req req) {
    Terminal t = terminals.get(req.ctx().pathParam("terminalId"));
    if (venues.get(t.venueId()).schemeId() != req.person().schemeId()) {
      throw ApiException.forbidden("not your terminal");
    }
    return t;
  }

  /** A button that marks the terminal the other way (staffed or not). */
  private static String staffingForm(Req req, Terminal t) {
    return " <form method=\"post\" class=\"inline\" action=\"" + Dashboard.ROOT + "/terminals/" + Html.esc(t.id())
        + "/staffed\">" + req.csrfField() + "<input type=\"hidden\" name=\"staffed\" value=\"" + !t.staffed()
        + "\"><button type=\"submit\" class=\"staffing\">"
        + Html.esc(req.m().t(t.staffed() ? "terminal.makeUnstaffed" : "terminal.makeStaffed")) + "</button></form>";
  }

  /** Marks a terminal staffed or not; back to its venue's page. */
  void setStaffed(Req req) {
    Terminal t = schemeTerminal(req);
    String staffed = req.form("staffed");
    if (!"true".equals(staffed) && !"false".equals(staffed)) {
      throw ApiException.invalid("staffed must be true or false");
    }
    terminals.setStaffed(t.id(), Boolean.parseBoolean(staffed));
    req.ctx().redirect(Dashboard.ROOT + "/venues/" + t.venueId());
  }

  void fleet(Req req) {
    Messages m = req.m();
    Html h = new Html();
    long scheme = req.person().schemeId();
    terminalTable(h, req, venues.ofScheme(scheme), terminals.ofScheme(scheme), schemes.get(scheme).zone());
    h.el("p", "class=\"muted\"", m.t("terminal.help"));
    req.ctx().html(Layout.page(req, m.t("terminal.title"), h.toString()));
  }

  void register(Req req) {
    Venue v = venue(req);
    codePage(req, terminals.register(v.id(), req.form("name"), req.form("staffed") != null), v);
  }

  /** A terminal's one-time enrollment code, as a QR code and as text, and until when it works. */
  private void codePage(Req req, Registration r, Venue v) {
    Messages m = req.m();
    ZoneId zone = schemes.get(v.schemeId()).zone();
    Html h = new Html();
    h.el("p", m.f("terminal.registered", r.terminal().name(), v.name()))
        .raw(QrSvg.of(r.enrollmentCode(), 240, m.t("terminal.code")))
        .el("p", "class=\"code\" id=\"enrollment-code\"", r.enrollmentCode())
        .el("p", "class=\"muted\"", m.f("terminal.codeHelp", TIME.format(r.expiresAt().atZone(zone))))
        .raw("<p>").link(Dashboard.ROOT + "/venues/" + v.id(), m.t("error.back")).raw("</p>");
    req.ctx().html(Layout.page(req, m.t("terminal.code"), h.toString()));
  }

  void offer(Req req) {
    Messages m = req.m();
    OfferDefinition o = offers.get(req.ctx().pathParam("offerId"));
    Venue v = venues.get(o.venueId());
    if (v.schemeId() != req.person().schemeId()) {
      throw ApiException.forbidden("not your venue");
    }
    Html h = new Html();
    h.raw("<p>").link(Dashboard.ROOT + "/venues/" + v.id(), v.name()).raw("</p>");
    offerForm(h, req, Dashboard.ROOT + "/offers/" + o.id(), o);
    req.ctx().html(Layout.page(req, o.name(), h.toString()));
  }

  private static void offerForm(Html h, Req req, String action, OfferDefinition o) {
    Messages m = req.m();
    List<String[]> periods = new ArrayList<>();
    for (QuotaPeriod p : QuotaPeriod.values()) {
      periods.add(new String[] {p.name(), m.t("period." + p)});
    }
    List<String[]> shares = List.of(new String[] {"100", "100 %"}, new String[] {"50", "50 %"},
        new String[] {"0", "0 %"});
    h.raw("<form method=\"post\" class=\"box\" action=\"" + Html.esc(action) + "\">").raw(req.csrfField())
        .input(m.t("offer.name"), "name", "text", o == null ? "" : o.name(), "id=\"offer-name\" required maxlength=\"100\"")
        .input(m.t("offer.quotaBlank"), "quota", "number", o == null || o.quota() == null ? "" : "" + o.quota(),
            "id=\"offer-quota\" min=\"1\"")
        .select(m.t("offer.period"), "period", periods, o == null ? "CALENDAR_YEAR" : o.period().name())
        .input(m.t("offer.companions"), "companions", "number", o == null ? "1" : "" + o.companions(),
            "min=\"0\" max=\"10\" id=\"offer-companions\"")
        .input(m.t("offer.validFrom"), "validFrom", "date",
            o == null || o.validFrom() == null ? "" : o.validFrom().toString(), "")
        .input(m.t("offer.validUntil"), "validUntil", "date",
            o == null || o.validUntil() == null ? "" : o.validUntil().toString(), "")
        .input(m.t("offer.hours"), "hours", "text", o == null ? "" : hoursText(o.openingHours()),
            "placeholder=\"mon 10:00-18:00, sat 10:00-16:00\" size=\"40\"")
        .input(m.t("offer.capacity"), "capacity", "number", o == null || o.capacity() == null ? "" : "" + o.capacity(),
            "min=\"1\"")
        .input(m.t("offer.priceKr"), "price", "text", o == null ? "0" : no.klipp.server.refund.Refunds.kroner(o.priceOre()),
            "id=\"offer-price\" inputmode=\"decimal\"")
        .select(m.t("offer.refund"), "refundPercent", shares, o == null ? "100" : "" + o.refundPercent())
        .input(m.t("offer.targeted"), "targeted", "checkbox", "yes", o != null && o.targeted() ? "checked" : "")
        .raw(" <button type=\"submit\" id=\"save-offer\">").text(m.t("form.save")).raw("</button></form>");
  }

  void createOffer(Req req) {
    Venue v = venue(req);
    if (req.person().role() != Role.ADMIN) {
      throw ApiException.forbidden("administrators only");
    }
    offers.create(v.id(), offerRequest(req));
    req.ctx().redirect(Dashboard.ROOT + "/venues/" + v.id());
  }

  void updateOffer(Req req) {
    OfferDefinition o = offers.get(req.ctx().pathParam("offerId"));
    Venue v = venues.get(o.venueId());
    if (v.schemeId() != req.person().schemeId()) {
      throw ApiException.forbidden("not your venue");
    }
    offers.update(o.id(), offerRequest(req));
    req.ctx().redirect(Dashboard.ROOT + "/venues/" + v.id());
  }

  private OfferRequest offerRequest(Req req) {
    QuotaPeriod period;
    try {
      period = QuotaPeriod.valueOf(String.valueOf(req.form("period")));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("unknown period");
    }
    return new OfferRequest(req.form("name"), integer(req.form("quota"), "quota"), period,
        integer(req.form("companions"), "companions"), date(req.form("validFrom"), "validFrom"),
        date(req.form("validUntil"), "validUntil"), hours(req.form("hours")), integer(req.form("capacity"), "capacity"),
        ore(req.form("price")), integer(req.form("refundPercent"), "refundPercent"), req.form("targeted") != null);
  }

  private static Integer integer(String s, String name) {
    if (s == null) {
      return null;
    }
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name + " is not a whole number: " + s);
    }
  }

  private LocalDate date(String s, String name) {
    return s == null ? null : Dates.parse(s, name, LocalDate.now(clock));
  }

  /** Kroner as typed ("120", "120,50", "120.5") to øre. */
  static Long ore(String s) {
    if (s == null) {
      return null;
    }
    String t = s.replace(" ", "").replace(',', '.');
    if (!t.matches("\\d{1,7}(\\.\\d{1,2})?")) {
      throw ApiException.invalid("price is not an amount in kroner: " + s);
    }
    String[] parts = t.split("\\.");
    long ore = Long.parseLong(parts[0]) * 100;
    if (parts.length == 2) {
      ore += Long.parseLong((parts[1] + "0").substring(0, 2));
    }
    return ore;
  }

  /** Opening hours as typed: {@code mon 10:00-18:00, sat 10:00-16:00}; blank means always open. */
  static List<OpeningHours> hours(String s) {
    List<OpeningHours> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    for (String part : s.split("[,;\\n]")) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      String[] words = p.split("\\s+");
      String[] times = words.length == 2 ? words[1].split("-") : new String[0];
      if (times.length != 2) {
        throw ApiException.invalid("opening hours: write e.g. 'mon 10:00-18:00', not '" + p + "'");
      }
      try {
        // "24:00", as people write a closing at midnight, is the end of the day: 00:00.
        LocalTime closes = times[1].equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(times[1]);
        out.add(new OpeningHours(day(words[0]), LocalTime.parse(times[0]), closes));
      } catch (DateTimeException e) {
        throw ApiException.invalid("opening hours: not a time in '" + p + "'");
      }
    }
    return out;
  }

  private static DayOfWeek day(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      String en = d.name().toLowerCase(Locale.ROOT);
      String nb = switch (d) {
        case MONDAY -> "man";
        case TUESDAY -> "tir";
        case WEDNESDAY -> "ons";
        case THURSDAY -> "tor";
        case FRIDAY -> "fre";
        case SATURDAY -> "lør";
        case SUNDAY -> "søn";
      };
      if (w.length() >= 3 && (en.startsWith(w) || w.startsWith(nb))) {
        return d;
      }
    }
    throw ApiException.invalid("opening hours: unknown day '" + word + "'");
  }
}
