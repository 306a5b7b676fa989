package no.klipp.server.auth;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.Server;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import no.klipp.server.web.Route;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every route, tried by people and terminals of another tenant: none of them may read or change anything. */
class AuthorizationTest extends OnBothDatabases {

  World a;
  World b;

  @BeforeEach
  void setUp() {
    a = new World(ts, "Ålesund");
    b = new World(ts, "Holtålen");
  }

  Client.Response call(Route r, String path, String token) {
    return switch (r.method()) {
      case GET -> c.get(path, token);
      case POST -> c.post(path, token, "{}");
      case PUT -> c.put(path, token, "{}");
      case DELETE -> c.delete(path, token);
      default -> throw new AssertionError(r.method());
    };
  }

  List<Route> peopleRoutes() {
    return ts.server.http.routes().stream()
        .filter(r -> !r.roles().contains(Caller.PUBLIC) && !r.roles().contains(Caller.TERMINAL))
        .filter(r -> r.path().contains("{"))
        .toList();
  }

  @Test
  void anotherSchemesAdministratorIsRefusedOnEveryRoute() {
    List<String> leaks = new ArrayList<>();
    for (Route r : peopleRoutes()) {
      Client.Response res = call(r, a.path(r), b.admin);
      if (res.status() != 403) {
        leaks.add(r.method() + " " + r.path() + " -> " + res);
      }
    }
    assertEquals(List.of(), leaks);
    assertEquals("ACTIVE", ts.server.cards.get(a.cards.getFirst()).status().name());
    assertEquals("ACTIVE", ts.server.terminals.get(a.terminal.terminalId()).state().name());
    assertEquals(1, ts.server.offers.ofVenue(a.venueId).size());
    assertTrue(!ts.server.offers.get(a.offerId).withdrawn());
  }

  @Test
  void aCaseworkerIsRefusedWhatOnlyAdministratorsMayDo() {
    ts.user(a.scheme.id(), "case-a", Role.CASEWORKER, null);
    String token = ts.login("case-a");
    for (Route r : ts.server.http.routes()) {
      if (r.roles().contains(Role.ADMIN) && !r.roles().contains(Role.CASEWORKER)) {
        assertEquals(403, call(r, a.path(r), token).status(), r.method() + " " + r.path());
      }
    }
    // Within their scheme they issue cards, and never in another.
    assertEquals(201, c.post("/api/v1/schemes/" + a.scheme.id() + "/cards", token,
        Map.of("firstName", "Liv", "birthYear", 2015)).status());
    assertEquals(403, c.post("/api/v1/schemes/" + b.scheme.id() + "/cards", token,
        Map.of("firstName", "Liv", "birthYear", 2015)).status());
  }

  @Test
  void aVenueUserSeesOnlyTheirVenue() {
    String otherVenue = ok(c.post("/api/v1/schemes/" + a.scheme.id() + "/venues", a.admin,
        Map.of("name", "Badeland", "category", "POOL")), 201).get("id").asText();
    ts.user(a.scheme.id(), "kino-a", Role.VENUE, a.venueId);
    String token = ts.login("kino-a");
    assertEquals(200, c.get("/api/v1/venues/" + a.venueId, token).status());
    assertEquals(200, c.get("/api/v1/venues/" + a.venueId + "/offers", token).status());
    assertEquals(200, c.get("/api/v1/venues/" + a.venueId + "/visits", token).status());
    assertEquals(200, c.get("/api/v1/venues/" + a.venueId + "/terminals", token).status());
    assertEquals(200, c.get("/api/v1/terminals/" + a.terminal.terminalId(), token).status());
    for (String path : List.of("/api/v1/venues/" + otherVenue, "/api/v1/venues/" + otherVenue + "/offers",
        "/api/v1/venues/" + otherVenue + "/visits", "/api/v1/venues/" + otherVenue + "/terminals",
        "/api/v1/venues/" + b.venueId, "/api/v1/offers/" + b.offerId, "/api/v1/terminals/" + b.terminal.terminalId(),
        "/api/v1/schemes/" + a.scheme.id(), "/api/v1/schemes/" + a.scheme.id() + "/cards",
        "/api/v1/cards/" + a.cards.getFirst())) {
      assertEquals(403, c.get(path, token).status(), path);
    }
  }

  @Test
  void aTerminalReadsOnlyItsOwnVenueAndCannotUsePeopleRoutes() {
    LedgerSnapshot snap = c.get(ApiPaths.LEDGER_SNAPSHOT, a.terminal.token()).as(LedgerSnapshot.class);
    assertEquals(a.venueId, snap.venueId());
    assertTrue(snap.cards().stream().noneMatch(r -> b.cards.contains(r.cardNumber())));
    assertTrue(snap.offers().stream().allMatch(o -> o.venueId().equals(a.venueId)));
    Visit intoB = new Visit(UUID.randomUUID(), 1, VisitKind.ADMISSION, null, b.cards.getFirst(), 1, b.offerId,
        b.venueId, b.terminal.terminalId(), TestServer.START, 0, Set.of());
    assertEquals(403, c.post(ApiPaths.VISITS, a.terminal.token(),
        new VisitBatch(b.terminal.terminalId(), List.of(intoB), null)).status());
    for (Route r : peopleRoutes()) {
      assertEquals(401, call(r, a.path(r), a.terminal.token()).status(), r.path());
    }
  }

  @Test
  void peopleCannotUseTerminalRoutesAndNobodyWithoutAToken() {
    for (Route r : ts.server.http.routes()) {
      if (r.roles().contains(Caller.TERMINAL)) {
        assertEquals(401, call(r, r.path() + "?since=c0.t0", a.admin).status(), r.path());
      }
      if (!r.roles().contains(Caller.PUBLIC)) {
        assertEquals(401, call(r, a.path(r), null).status(), r.path());
      }
    }
  }

  @Test
  void sessionsExpire() {
    String token = ts.login("Ålesund-admin");
    assertEquals(200, c.get("/api/v1/auth/me", token).status());
    ts.clock.advance(Server.SESSION_LIFETIME.plus(Duration.ofSeconds(1)));
    assertEquals(401, c.get("/api/v1/auth/me", token).status());
  }

  @Test
  void signOutEndsTheSessionAndWrongPasswordsAreRefused() {
    String token = ts.login("Ålesund-admin");
    assertEquals(204, c.post("/api/v1/auth/logout", token, null).status());
    assertEquals(401, c.get("/api/v1/auth/me", token).status());
    Client.Response wrong = c.post("/api/v1/auth/login", null, Map.of("username", "Ålesund-admin", "password", "nope"));
    assertEquals(401, wrong.status());
    assertEquals(401, c.post("/api/v1/auth/login", null, Map.of("username", "nobody", "password", "nope")).status());
  }

  @Test
  void administratorsAddUsersOnlyToTheirOwnSchemeAndVenues() {
    Client.Response r = c.post("/api/v1/schemes/" + a.scheme.id() + "/users", a.admin,
        Map.of("username", "kino", "password", "long enough password", "role", "VENUE", "venueId", b.venueId));
    assertEquals(400, r.status(), "a venue of another scheme");
    assertEquals(201, c.post("/api/v1/schemes/" + a.scheme.id() + "/users", a.admin,
        Map.of("username", "kino", "password", "long enough password", "role", "VENUE", "venueId", a.venueId))
        .status());
    assertEquals(409, c.post("/api/v1/schemes/" + a.scheme.id() + "/users", a.admin,
        Map.of("username", "kino", "password", "long enough password", "role", "CASEWORKER")).status());
  }
}
