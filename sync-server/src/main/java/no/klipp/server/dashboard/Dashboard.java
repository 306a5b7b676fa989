package no.klipp.server.dashboard;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static no.klipp.server.auth.Role.ADMIN;
import static no.klipp.server.auth.Role.CASEWORKER;
import static no.klipp.server.auth.Role.VENUE;

import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import no.klipp.server.auth.Caller;
import no.klipp.server.auth.Role;
import no.klipp.server.auth.Sessions;
import no.klipp.server.auth.Tokens;
import no.klipp.server.card.CardPrinter;
import no.klipp.server.card.CardService;
import no.klipp.server.db.Database;
import no.klipp.server.offer.OfferService;
import no.klipp.server.refund.RefundPayments;
import no.klipp.server.refund.RefundService;
import no.klipp.server.scheme.SchemeService;
import no.klipp.server.stats.StatsService;
import no.klipp.server.terminal.TerminalService;
import no.klipp.server.venue.VenueService;
import no.klipp.server.web.Route;
import no.klipp.server.web.TrustedProxies;

/**
 * Every page of the municipality dashboard, in one block: the map of the dashboard. Pages are
 * server-rendered HTML on the API's Javalin app; they sign people in with a cookie session
 * (see {@link Gate}), so to the API's bearer-token gatekeeper they are public routes.
 */
public final class Dashboard {

  /** Where the dashboard lives. */
  public static final String ROOT = "/dashboard";

  /** The services the pages use. */
  public record Services(Database db, Sessions sessions, Tokens tokens, Duration sessionLifetime, StatsService stats,
      RefundService refunds, RefundPayments payments, CardService cards, CardPrinter printer, SchemeService schemes,
      VenueService venues, OfferService offers, TerminalService terminals, Clock clock, TrustedProxies proxies) {}

  private final List<Route> routes = new ArrayList<>();
  private final Gate gate;

  public Dashboard(Services s) {
    gate = new Gate(s.sessions(), new Csrf(s.tokens()));
    LoginPages login = new LoginPages(s.sessions(), s.tokens(), s.sessionLifetime(), s.proxies());
    StatsPages stats = new StatsPages(s.stats(), s.schemes(), s.clock());
    RefundPages refunds = new RefundPages(s.refunds(), s.payments(), s.venues(), s.schemes(), s.clock());
    CardLookups lookups = new CardLookups(s.db(), s.clock());
    CardPages cards = new CardPages(s.cards(), s.schemes(), s.printer(), lookups, s.clock());
    VenuePages venues = new VenuePages(s.venues(), s.offers(), s.terminals(), s.schemes(), s.clock());

    page(GET, "/style.css", login::css);
    page(GET, "/login", login::form);
    page(POST, "/login", login::submit);
    page(POST, "/logout", login::logout, ADMIN, CASEWORKER, VENUE);
    page(GET, "", login::home, ADMIN, CASEWORKER, VENUE);

    page(GET, "/stats", stats::page, ADMIN, CASEWORKER);
    page(GET, "/stats/csv/{table}", stats::csv, ADMIN, CASEWORKER);

    page(GET, "/refunds", refunds::page, ADMIN, VENUE);
    page(GET, "/refunds.csv", refunds::csv, ADMIN, VENUE);
    page(GET, "/refunds.pdf", refunds::pdf, ADMIN, VENUE);
    page(POST, "/refunds/payments", refunds::pay, ADMIN);

    page(GET, "/cards", cards::page, ADMIN, CASEWORKER);
    page(POST, "/cards", cards::issue, ADMIN, CASEWORKER);
    page(POST, "/cards/batch", cards::issueBatch, ADMIN, CASEWORKER);
    page(POST, "/cards/sheet.pdf", cards::sheet, ADMIN, CASEWORKER);
    page(GET, "/cards/{number}", cards::show, ADMIN, CASEWORKER);
    page(GET, "/cards/{number}/card.png", cards::png, ADMIN, CASEWORKER);
    page(GET, "/cards/{number}/card.pdf", cards::pdf, ADMIN, CASEWORKER);
    page(POST, "/cards/{number}/renew", cards::renew, ADMIN, CASEWORKER);
    page(POST, "/cards/{number}/first-name", cards::rename, ADMIN, CASEWORKER);
    page(POST, "/cards/{number}/revoke", cards::revoke, ADMIN, CASEWORKER);
    page(POST, "/cards/{number}/replace", cards::replace, ADMIN, CASEWORKER);
    page(POST, "/cards/{number}/uses", cards::uses, CASEWORKER);
    page(GET, "/audit", req -> audit(req, lookups), ADMIN);

    page(GET, "/venues", venues::list, ADMIN);
    page(POST, "/venues", venues::create, ADMIN);
    page(GET, "/venues/{venueId}", venues::show, ADMIN, VENUE);
    page(POST, "/venues/{venueId}", venues::update, ADMIN);
    page(POST, "/venues/{venueId}/offers", venues::createOffer, ADMIN);
    page(POST, "/venues/{venueId}/terminals", venues::register, ADMIN);
    page(GET, "/offers/{offerId}", venues::offer, ADMIN);
    page(POST, "/offers/{offerId}", venues::updateOffer, ADMIN);
    page(GET, "/terminals", venues::fleet, ADMIN);
    page(POST, "/terminals/{terminalId}/staffed", venues::setStaffed, ADMIN);
    page(POST, "/terminals/{terminalId}/revoke", venues::revokeTerminal, ADMIN);
    page(POST, "/terminals/{terminalId}/rotate", venues::rotateTerminal, ADMIN);
  }

  /** A page open to {@code roles} (none: public), wrapped by the gate. */
  private void page(HandlerType method, String path, PageHandler handler, Role... roles) {
    Set<Role> allowed = Set.of(roles);
    routes.add(new Route(method, ROOT + path, Set.of(Caller.PUBLIC), "dashboard page", 200,
        ctx -> gate.run(ctx, allowed, handler)));
  }

  /** The pages as routes for the HTTP server. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** Sends a file to save, not to show. */
  static void download(Req req, String filename, String type, byte[] bytes) {
    req.ctx().header("Content-Disposition", "attachment; filename=\"" + filename.replaceAll("[^A-Za-z0-9._-]", "_")
        + "\"");
    req.ctx().result(bytes).header("Content-Type", type);
  }

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private static void audit(Req req, CardLookups lookups) {
    Messages m = req.m();
    Html h = new Html();
    h.el("p", "class=\"muted\"", m.t("audit.help"));
    h.raw("<table id=\"audit\"><thead><tr>").el("th", m.t("lookup.when")).el("th", m.t("audit.user"))
        .el("th", m.t("cards.number")).el("th", m.t("lookup.reason")).raw("</tr></thead><tbody>");
    for (CardLookups.Entry e : lookups.log(req.person().schemeId())) {
      h.raw("<tr>").el("td", TIME.format(e.at().atZone(java.time.ZoneOffset.UTC)) + " UTC").el("td", e.username())
          .el("td", e.cardNumber()).el("td", e.reason()).raw("</tr>");
    }
    h.raw("</tbody></table>");
    req.ctx().html(Layout.page(req, m.t("audit.title"), h.toString()));
  }
}
