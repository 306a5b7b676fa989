package no.klipp.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.server.auth.Caller;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client mistakes get a 4xx with an ErrorBody, never a 500, and never a half-done write. */
class BadInputTest extends OnBothDatabases {

  World w;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Lørenskog");
  }

  static void assertError(Client.Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    JsonNode body = r.tree();
    assertEquals(code, body.get("code").asText(), r.toString());
    assertNotNull(body.get("message").asText());
    assertNotNull(body.get("serverTime").asText());
  }

  @Test
  void garbageOnEveryRouteIsNeverAServerError() {
    List<String> failures = new ArrayList<>();
    for (Route r : ts.server.http.routes()) {
      String token = r.roles().contains(Caller.TERMINAL) ? w.terminal.token() : w.admin;
      for (String body : List.of("", "[", "null", "123", "{\"name\": 5, \"cards\": {}}", "\"text\"",
          "{\"visits\": [null, 1, {\"id\": \"not-a-uuid\"}]}")) {
        String path = w.path(r) + "?since=c1.tx&limit=abc&from=never";
        Client.Response res = switch (r.method()) {
          case GET -> c.get(path, token);
          case POST -> c.post(path, token, body);
          case PUT -> c.put(path, token, body);
          case DELETE -> c.delete(path, token);
          default -> throw new AssertionError();
        };
        if (res.status() >= 500) {
          failures.add(r.method() + " " + r.path() + " with " + body + " -> " + res);
        }
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void visitsWithImpossibleTimesAreRefusedItemByItemNeverAServerError() {
    String good = "{\"id\": \"" + java.util.UUID.randomUUID() + "\", \"sequence\": 1, \"kind\": \"ADMISSION\", "
        + "\"cardNumber\": \"" + w.cards.getFirst() + "\", \"credentialSerial\": 1, \"offerId\": \"" + w.offerId
        + "\", \"venueId\": \"" + w.venueId + "\", \"terminalId\": \"" + w.terminal.terminalId()
        + "\", \"terminalTime\": \"2026-11-20T10:00:00Z\", \"companions\": 0, \"flags\": []}";
    List<String> times = List.of("\"yesterday\"", "12345678901234567890", "\"+1000000000-01-01T00:00:00Z\"",
        "\"-999999999-01-01T00:00:00Z\"", "\"2026-02-30T10:00:00Z\"", "true", "{}");
    StringBuilder visits = new StringBuilder(good);
    long sequence = 2;
    for (String time : times) {
      visits.append(", ").append(good.replaceFirst("\"id\": \"[^\"]+\"", "\"id\": \"" + java.util.UUID.randomUUID() + "\"")
          .replace("\"sequence\": 1", "\"sequence\": " + sequence++)
          .replace("\"2026-11-20T10:00:00Z\"", time));
    }
    Client.Response r = c.post("/api/v1/terminal/visits", w.terminal.token(),
        "{\"terminalId\": \"" + w.terminal.terminalId() + "\", \"visits\": [" + visits + "]}");
    assertEquals(200, r.status(), r.toString());
    JsonNode items = r.tree().get("items");
    assertEquals(1 + times.size(), items.size(), r.toString());
    assertEquals("STORED", items.get(0).get("status").asText(), r.toString());
    for (int i = 1; i < items.size(); i++) {
      assertEquals("REFUSED", items.get(i).get("status").asText(), times.get(i - 1) + ": " + r);
    }
  }

  @Test
  void malformedJsonIsA400WithItsReason() {
    String venues = "/api/v1/schemes/" + w.scheme.id() + "/venues";
    assertError(c.post(venues, w.admin, "{\"name\": "), 400, "bad_json");
    assertError(c.post(venues, w.admin, Map.of("name", "Hall", "category", "SPACESHIP")), 400, "bad_json");
    assertError(c.post(venues, w.admin, Map.of("category", "POOL")), 400, "invalid");
    assertError(c.get("/api/v1/schemes/abc/venues", w.admin), 400, "invalid");
    assertError(c.get("/api/v1/cards/12ab", w.admin), 400, "invalid");
    assertError(c.post(ApiPaths.VISITS, w.terminal.token(), "[]"), 400, "bad_json");
  }

  @Test
  void oneBadCardInABatchIssuesNone() {
    int before = ts.server.cards.ofScheme(w.scheme.id(), 0, 1000).size();
    Client.Response r = c.post("/api/v1/schemes/" + w.scheme.id() + "/cards/batch", w.admin, Map.of("cards", List.of(
        Map.of("firstName", "Ada", "birthYear", 2015), Map.of("firstName", "Old", "birthYear", 1950))));
    assertError(r, 400, "invalid");
    assertTrue(r.tree().get("message").asText().contains("cards[1]"));
    assertEquals(before, ts.server.cards.ofScheme(w.scheme.id(), 0, 1000).size());
  }

  @Test
  void aCardIsIssuedOnlyForAgesTheTerminalsAdmitThisYear() {
    // Ages 5-18, counted as terminals count them: the age reached in the calendar year (2026).
    String cards = "/api/v1/schemes/" + w.scheme.id() + "/cards";
    assertError(c.post(cards, w.admin, Map.of("firstName", "Ola", "birthYear", 2007)), 400, "invalid");
    assertError(c.post(cards, w.admin, Map.of("firstName", "Kari", "birthYear", 2022)), 400, "invalid");
    assertEquals(201, c.post(cards, w.admin, Map.of("firstName", "Per", "birthYear", 2008)).status());
    assertEquals(201, c.post(cards, w.admin, Map.of("firstName", "Lise", "birthYear", 2021)).status());
  }

  @Test
  void tooLargeBodiesAreRefused() {
    byte[] big = new byte[(int) HttpServer.MAX_REQUEST_BYTES + 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    Client.Response r = c.postRaw(ApiPaths.VISITS, w.terminal.token(), big);
    assertEquals(413, r.status());
    assertEquals("too_large", r.tree().get("code").asText());
  }

  @Test
  void tooLargeChunkedBodiesAreRefusedToo() {
    // No Content-Length to check beforehand: the limit must hold while the body is read.
    byte[] big = new byte[(int) HttpServer.MAX_REQUEST_BYTES + 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    assertError(c.postChunked(ApiPaths.VISITS, w.terminal.token(), big), 413, "too_large");
    assertError(c.postChunked("/api/v1/schemes/" + w.scheme.id() + "/cards", w.admin, big), 413, "too_large");
  }

  @Test
  void aChunkedBodyWithinTheLimitIsRead() {
    byte[] card = "{\"firstName\":\"Per\",\"birthYear\":2015}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Client.Response r = c.postChunked("/api/v1/schemes/" + w.scheme.id() + "/cards", w.admin, card);
    assertEquals(201, r.status(), r.toString());
  }

  @Test
  void unknownRoutesAndMethodsAnswerWithAnErrorBody() {
    assertError(c.get("/api/v1/nowhere", w.admin), 404, "not_found");
    assertError(c.get("/api/v1/cards/0000000000", w.admin), 404, "not_found");
    assertError(c.delete("/api/v1/schemes/" + w.scheme.id(), w.admin), 404, "not_found");
  }

  @Test
  void invalidDatesAndRangesAreRefused() {
    assertError(c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin, Map.of("name", "Konsert",
        "validFrom", "2026-06-10", "validUntil", "2026-06-01")), 400, "invalid");
    assertError(c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin, Map.of("name", "Konsert",
        "openingHours", List.of(Map.of("day", "MONDAY", "opens", "18:00", "closes", "10:00")))), 400, "invalid");
    assertError(c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin, Map.of("name", "Konsert",
        "openingHours", List.of(Map.of("day", "MONDAY", "opens", "00:00", "closes", "00:00")))), 400, "invalid");
    assertEquals(201, c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin, Map.of("name", "Kveldskino",
        "openingHours", List.of(Map.of("day", "MONDAY", "opens", "18:00", "closes", "00:00")))).status(),
        "open until midnight");
    assertError(c.get("/api/v1/venues/" + w.venueId + "/visits?from=2026-13-01", w.admin), 400, "invalid");
    assertError(c.put("/api/v1/schemes/" + w.scheme.id(), w.admin, Map.of("name", "X", "minAge", 12, "maxAge", 6)),
        400, "invalid");
  }

  /** Failures of {@code r} to be a 400 "invalid" whose message contains {@code reason}, as text; empty if none. */
  static List<String> refusal(String what, Client.Response r, String reason) {
    return r.status() == 400 && "invalid".equals(r.tree().path("code").asText())
        && r.tree().path("message").asText().contains(reason) ? List.of() : List.of(what + " -> " + r);
  }

  @Test
  void visitDatesOutsideTheWindowAreA400NeverAServerError() {
    String visits = "/api/v1/venues/" + w.venueId + "/visits";
    List<String> failures = new ArrayList<>();
    for (String query : List.of("to=%2B999999999-12-31", "from=-999999999-01-01", "from=1999-12-31",
        "to=2031-03-03", "from=%2B10000-01-01&to=%2B10000-01-02")) {
      failures.addAll(refusal(query, c.get(visits + "?" + query, w.admin), "2000-01-01..2031-03-02"));
    }
    assertEquals(List.of(), failures);
    assertEquals(200, c.get(visits + "?from=2000-01-01&to=2031-03-02", w.admin).status(), "the window's own ends");
  }

  @Test
  void aRenewalFromOutsideAYearOfTodayIsA400AndChangesNothing() {
    String card = w.cards.getFirst();
    String renew = "/api/v1/cards/" + card + "/renew";
    var before = ts.server.cards.get(card);
    List<String> failures = new ArrayList<>();
    for (String from : List.of("-999999999-01-01", "+999999999-12-31", "1900-01-01", "2025-03-01", "2027-03-03")) {
      failures.addAll(refusal(from, c.post(renew, w.admin, Map.of("validFrom", from)), "within a year of today"));
      if (!before.equals(ts.server.cards.get(card))) {
        failures.add(from + " changed the card: " + ts.server.cards.get(card));
      }
    }
    assertEquals(List.of(), failures);
    // Inside the window, but before the active card's period began: its card year would move.
    assertEquals(List.of(), refusal("2025-03-02", c.post(renew, w.admin, Map.of("validFrom", "2025-03-02")),
        "when the card's current period began"));
    assertEquals(before, ts.server.cards.get(card));
    JsonNode renewed = World.ok(c.post(renew, w.admin, Map.of("validFrom", before.validUntil().plusDays(1).toString())),
        200);
    assertEquals(before.validFrom().toString(), renewed.get("validFrom").asText(), "an active card keeps its start");
  }

  @Test
  void offerDatesOutsideTheWindowAreA400AndStoreNothing() {
    String offers = "/api/v1/venues/" + w.venueId + "/offers";
    List<String> failures = new ArrayList<>();
    for (Map<String, Object> dates : List.<Map<String, Object>>of(Map.of("validFrom", "-999999999-01-01"),
        Map.of("validUntil", "+999999999-12-31"), Map.of("validFrom", "1999-12-31", "validUntil", "2026-12-31"))) {
      Map<String, Object> offer = new java.util.HashMap<>(dates);
      offer.put("name", "Konsert");
      failures.addAll(refusal("POST " + dates, c.post(offers, w.admin, offer), "2000-01-01..2031-03-02"));
      failures.addAll(refusal("PUT " + dates, c.put("/api/v1/offers/" + w.offerId, w.admin, offer),
          "2000-01-01..2031-03-02"));
    }
    assertEquals(List.of(), failures);
    assertEquals(1, ts.server.offers.ofVenue(w.venueId).size());
    assertEquals("Billett", ts.server.offers.get(w.offerId).name());
  }
  @Test
  void aNulCharacterInTextIsA400NotAServerError() {
    String nul = "Kino\u0000 2";
    String scheme = "/api/v1/schemes/" + w.scheme.id();
    List<String> failures = new ArrayList<>();
    failures.addAll(refusal("venue", c.post(scheme + "/venues", w.admin, Map.of("name", nul, "category", "CINEMA")),
        "control characters"));
    failures.addAll(refusal("card", c.post(scheme + "/cards", w.admin, Map.of("firstName", nul, "birthYear", 2015)),
        "control characters"));
    failures.addAll(refusal("offer", c.post("/api/v1/venues/" + w.venueId + "/offers", w.admin, Map.of("name", nul)),
        "control characters"));
    failures.addAll(refusal("terminal", c.post("/api/v1/venues/" + w.venueId + "/terminals", w.admin,
        Map.of("name", nul)), "control characters"));
    failures.addAll(refusal("user", c.post(scheme + "/users", w.admin, Map.of("username", nul,
        "password", "long enough password", "role", "CASEWORKER")), "control characters"));
    failures.addAll(refusal("scheme", c.put(scheme, w.admin, Map.of("name", nul)), "control characters"));
    assertEquals(List.of(), failures);
    assertError(c.post("/api/v1/auth/login", null, Map.of("username", nul, "password", "whatever it is")), 401,
        "unauthorized");
    // What a terminal says of itself is only shown: kept without the control characters, the upload stored.
    Client.Response upload = c.post(ApiPaths.VISITS, w.terminal.token(), Map.of("terminalId", w.terminal.terminalId(),
        "visits", List.of(), "report", Map.of("softwareVersion", "t\u00001", "visitsWaiting", 0)));
    assertEquals(200, upload.status(), upload.toString());
    assertEquals("t1", ts.server.terminals.get(w.terminal.terminalId()).softwareVersion());
  }

  @Test
  void aVisitWithANulInItsCardNumberIsRefusedOnItsOwn() {
    Map<String, Object> visit = new java.util.HashMap<>(Map.of("id", java.util.UUID.randomUUID().toString(),
        "sequence", 1, "kind", "ADMISSION", "cardNumber", w.cards.getFirst() + "\u0000", "credentialSerial", 1,
        "offerId", w.offerId, "venueId", w.venueId, "terminalId", w.terminal.terminalId(),
        "terminalTime", "2026-03-02T09:00:00Z"));
    visit.put("companions", 0);
    visit.put("flags", List.of());
    Client.Response r = c.post(ApiPaths.VISITS, w.terminal.token(), Map.of("terminalId", w.terminal.terminalId(),
        "visits", List.of(visit)));
    assertEquals(200, r.status(), r.toString());
    assertEquals("REFUSED", r.tree().get("items").get(0).get("status").asText(), r.toString());
  }
}
