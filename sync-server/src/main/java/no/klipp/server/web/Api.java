package no.klipp.server.web;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;
import static no.klipp.server.auth.Caller.PUBLIC;
import static no.klipp.server.auth.Caller.TERMINAL;
import static no.klipp.server.auth.Role.ADMIN;
import static no.klipp.server.auth.Role.CASEWORKER;
import static no.klipp.server.auth.Role.VENUE;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.server.auth.AuthController;
import no.klipp.server.card.CardController;
import no.klipp.server.ledger.LedgerController;
import no.klipp.server.offer.OfferController;
import no.klipp.server.scheme.SchemeController;
import no.klipp.server.terminal.TerminalController;
import no.klipp.server.venue.VenueController;
import no.klipp.server.visit.VisitController;

/** Every route of the API, in one block: the map of the server. */
public final class Api {

  /** The controllers the routes call. */
  public record Controllers(
      AuthController auth,
      SchemeController schemes,
      VenueController venues,
      OfferController offers,
      CardController cards,
      TerminalController terminals,
      VisitController visits,
      LedgerController ledger) {}

  private static final String V1 = ApiPaths.ROOT;
  private static final int CREATED = 201;
  private static final int NO_CONTENT = 204;

  private final List<Route> routes = new ArrayList<>();

  /** The routes, calling {@code c}. */
  public Api(Controllers c, ObjectMapper mapper) {
    // Terminal sync, first: Javalin tries a request's path against the routes in this order, one
    // regular expression each, and these are called hundreds of times for every call of the others
    // (when 500 terminals synced at once, matching paths took 4 % of the machine's CPU).
    route(POST, ApiPaths.ENROLL, "Exchange a one-time code for a terminal token", c.terminals()::enroll, PUBLIC);
    route(POST, ApiPaths.VISITS, "Upload a VisitBatch; answers a VisitBatchAck (?since=cursor, ?ownVisitsBefore as"
        + " for the delta: the ack carries the LedgerDelta after the cursor too, read once the batch is stored, or in"
        + " deltaRefused why it cannot; a terminal's upload and pull in one round trip)", c.visits()::upload, TERMINAL);
    route(GET, ApiPaths.LEDGER_SNAPSHOT, "The venue's full LedgerSnapshot (?ownVisitsBefore=instant|now: the"
        + " terminal's own visits received before it counted too, for a ledger started afresh)",
        c.ledger()::snapshot, TERMINAL);
    route(GET, ApiPaths.LEDGER_DELTA, "A LedgerDelta after ?since=cursor (?ownVisitsBefore as for the snapshot)",
        c.ledger()::delta, TERMINAL);

    route(GET, V1 + "/openapi.json", "This API document", ctx -> ctx.json(OpenApi.document(routes, mapper)), PUBLIC);
    route(GET, V1 + "/health", "Liveness", ctx -> ctx.json(java.util.Map.of("status", "ok")), PUBLIC);

    // People: sign in, users of a scheme.
    route(POST, V1 + "/auth/login", "Sign in: a session token that expires", c.auth()::login, PUBLIC);
    route(POST, V1 + "/auth/logout", "End this session", NO_CONTENT, c.auth()::logout, ADMIN, CASEWORKER, VENUE);
    route(GET, V1 + "/auth/me", "The signed-in person", c.auth()::me, ADMIN, CASEWORKER, VENUE);
    route(GET, V1 + "/schemes/{schemeId}/users", "The scheme's users", c.auth()::listUsers, ADMIN);
    route(POST, V1 + "/schemes/{schemeId}/users", "Add a user", CREATED, c.auth()::createUser, ADMIN);
    route(PUT, V1 + "/schemes/{schemeId}/users/{userId}/disabled",
        "Disable a user ({\"disabled\": true}: no sign-in, sessions end) or enable them again", c.auth()::setDisabled,
        ADMIN);
    route(PUT, V1 + "/schemes/{schemeId}/users/{userId}/password", "Set a user's new password (their sessions end)",
        NO_CONTENT, c.auth()::setPassword, ADMIN);

    // Schemes and their issuing keys.
    route(GET, V1 + "/schemes/{schemeId}", "A scheme's rules", c.schemes()::get, ADMIN, CASEWORKER);
    route(PUT, V1 + "/schemes/{schemeId}", "Change a scheme's rules", c.schemes()::update, ADMIN);
    route(GET, V1 + "/schemes/{schemeId}/keys", "Public issuing keys", c.schemes()::keys, ADMIN);
    route(POST, V1 + "/schemes/{schemeId}/keys", "Rotate: a new active issuing key", CREATED,
        c.schemes()::rotateKey, ADMIN);
    route(POST, V1 + "/schemes/{schemeId}/keys/{keyId}/retire",
        "Retire a leaked key: terminals delete it and refuse its cards until they are replaced",
        c.schemes()::retireKey, ADMIN);

    // Venues, offers, terminals.
    route(GET, V1 + "/schemes/{schemeId}/venues", "The scheme's venues", c.venues()::list, ADMIN, CASEWORKER);
    route(POST, V1 + "/schemes/{schemeId}/venues", "Add a venue", CREATED, c.venues()::create, ADMIN);
    route(GET, V1 + "/venues/{venueId}", "A venue", c.venues()::get, ADMIN, CASEWORKER, VENUE);
    route(PUT, V1 + "/venues/{venueId}", "Change a venue", c.venues()::update, ADMIN);
    route(GET, V1 + "/venues/{venueId}/offers", "A venue's offers", c.offers()::list, ADMIN, CASEWORKER, VENUE);
    route(POST, V1 + "/venues/{venueId}/offers", "Add an offer", CREATED, c.offers()::create, ADMIN);
    route(GET, V1 + "/offers/{offerId}", "An offer", c.offers()::get, ADMIN, CASEWORKER, VENUE);
    route(PUT, V1 + "/offers/{offerId}", "Change an offer", c.offers()::update, ADMIN);
    route(DELETE, V1 + "/offers/{offerId}", "Withdraw an offer", c.offers()::withdraw, ADMIN);
    route(GET, V1 + "/offers/{offerId}/cards", "Cards chosen for a targeted offer", c.offers()::cards,
        ADMIN, CASEWORKER);
    route(PUT, V1 + "/offers/{offerId}/cards", "Choose the cards of a targeted offer", c.offers()::setCards,
        ADMIN, CASEWORKER);
    route(GET, V1 + "/venues/{venueId}/terminals", "A venue's terminals and their status", c.terminals()::list,
        ADMIN, CASEWORKER, VENUE);
    route(POST, V1 + "/venues/{venueId}/terminals", "Register a terminal: a one-time enrollment code",
        CREATED, List.of(
            RequestField.required("name", "string", "What staff call the terminal, at most 100 characters"),
            RequestField.optional("staffed", "boolean", "A desk where staff see the screen: only then does the"
                + " terminal's ledger hold the holders' first names. Default false (an unattended entrance);"
                + " changed later with PUT /terminals/{terminalId}/staffed")),
        c.terminals()::register, ADMIN);
    route(GET, V1 + "/terminals/{terminalId}", "A terminal", c.terminals()::get, ADMIN, CASEWORKER, VENUE);
    route(PUT, V1 + "/terminals/{terminalId}/staffed", "Mark a terminal a staffed desk or not", 200, List.of(
            RequestField.required("staffed", "boolean", "Only a staffed desk's ledger holds the holders' first"
                + " names. The terminal loads its ledger anew at its next sync (a delta after an older cursor"
                + " answers 409 snapshot_required), so the names come or go on it too")),
        c.terminals()::staffed, ADMIN);
    route(POST, V1 + "/terminals/{terminalId}/revoke", "Revoke a terminal", c.terminals()::revoke, ADMIN);
    route(POST, V1 + "/terminals/{terminalId}/rotate", "New credential: a new enrollment code",
        c.terminals()::rotate, ADMIN);
    route(GET, V1 + "/venues/{venueId}/visits", "A venue's visits (?from, ?to, ?limit); to administrators and caseworkers, who"
        + " choose their cards, none under targeted offers", c.visits()::ofVenue,
        ADMIN, CASEWORKER, VENUE);

    // Cards.
    route(GET, V1 + "/schemes/{schemeId}/cards", "The scheme's cards (?offset, ?limit)", c.cards()::list,
        ADMIN, CASEWORKER);
    route(POST, V1 + "/schemes/{schemeId}/cards", "Issue a card", CREATED, c.cards()::issue, ADMIN, CASEWORKER);
    route(POST, V1 + "/schemes/{schemeId}/cards/batch", "Issue several cards", CREATED, c.cards()::issueBatch,
        ADMIN, CASEWORKER);
    route(POST, V1 + "/schemes/{schemeId}/cards/print-sheet", "A4 PDF print sheet of cards", c.cards()::printSheet,
        ADMIN, CASEWORKER);
    route(GET, V1 + "/cards/{cardNumber}", "A card with its credential", c.cards()::get, ADMIN, CASEWORKER);
    route(POST, V1 + "/cards/{cardNumber}/renew", "Renew for a new period (a card not yet expired is extended)",
        200, List.of(
            RequestField.optional("validFrom", "string", "The new period's first day (ISO date, within a year of"
                + " today). Default: the day after the current period, or today for an expired card"),
            RequestField.optional("firstName", "string", "The holder's first name, at most 50 characters, when it"
                + " is to be set: e.g. again after the retention erased it from an expired card. Default: kept")),
        c.cards()::renew, ADMIN, CASEWORKER);
    route(PUT, V1 + "/cards/{cardNumber}/first-name", "Correct the holder's first name", 200, List.of(
            RequestField.required("firstName", "string", "At most 50 characters; staffed desks receive it by delta")),
        c.cards()::rename, ADMIN, CASEWORKER);
    route(POST, V1 + "/cards/{cardNumber}/revoke", "Revoke", c.cards()::revoke, ADMIN, CASEWORKER);
    route(POST, V1 + "/cards/{cardNumber}/replace", "Replace a lost card (new serial)", c.cards()::replace,
        ADMIN, CASEWORKER);
    route(PUT, V1 + "/cards/{cardNumber}/paid", "Mark paid or free", c.cards()::paid, ADMIN, CASEWORKER);
    route(GET, V1 + "/cards/{cardNumber}/card.png", "Printable card, PNG 300 dpi", c.cards()::png,
        ADMIN, CASEWORKER);
    route(GET, V1 + "/cards/{cardNumber}/card.pdf", "Printable card, PDF at ID-1 size", c.cards()::pdf,
        ADMIN, CASEWORKER);
  }

  private void route(HandlerType method, String path, String summary, Handler handler, RouteRole... roles) {
    route(method, path, summary, 200, handler, roles);
  }

  /**
   * A route that answers {@code status} when it succeeds: set here, before the handler runs, so the
   * API document cannot promise another (a failure's status replaces it).
   */
  private void route(HandlerType method, String path, String summary, int status, Handler handler,
      RouteRole... roles) {
    route(method, path, summary, status, List.of(), handler, roles);
  }

  /** A route whose JSON request body the document describes by its {@code body} fields. */
  private void route(HandlerType method, String path, String summary, int status, List<RequestField> body,
      Handler handler, RouteRole... roles) {
    routes.add(new Route(method, path, Set.of(roles), summary, status, body, ctx -> {
      ctx.status(status);
      handler.handle(ctx);
    }));
  }

  /** The routes, in declaration order. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }
}
