package no.klipp.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.server.scheme.Scheme;

/**
 * One scheme set up through the API as an administrator would: a venue, an offer with a quota of
 * two a year, cards, and an enrolled terminal (a staffed till).
 */
public final class World {

  public final TestServer ts;
  public final Scheme scheme;
  public final String admin;
  public final String venueId;
  public final String offerId;
  public final List<String> cards;
  public final EnrollResponse terminal;
  /** The administrator's user id. */
  public final long adminId;

  public World(TestServer ts, String name) {
    this.ts = ts;
    this.scheme = ts.scheme(name);
    this.admin = ts.login(name + "-admin");
    Client c = ts.client;
    String base = "/api/v1/schemes/" + scheme.id();
    venueId = newVenue(name + " kino");
    offerId = newOffer(venueId);
    JsonNode issued = ok(c.post(base + "/cards/batch", admin, Map.of("cards", List.of(
        Map.of("firstName", "Ada", "birthYear", 2015),
        Map.of("firstName", "Ola", "birthYear", 2014, "paid", true),
        Map.of("firstName", "Kari", "birthYear", 2016)))), 201);
    cards = List.of(issued.get(0).get("card").get("cardNumber").asText(),
        issued.get(1).get("card").get("cardNumber").asText(), issued.get(2).get("card").get("cardNumber").asText());
    terminal = enroll(venueId, "Kasse 1");
    // Read once: a test may sign the administrator out and still ask for paths.
    adminId = userId(admin);
  }

  /** Another venue of the scheme: its offer (the same terms) and an enrolled terminal. */
  public record Site(String venueId, String offerId, EnrollResponse terminal) {}

  /** Adds another venue to the scheme, with an offer and an enrolled terminal. */
  public Site site(String name) {
    String venue = newVenue(name);
    return new Site(venue, newOffer(venue), enroll(venue, "Kasse 1"));
  }

  private String newVenue(String name) {
    return ok(ts.client.post("/api/v1/schemes/" + scheme.id() + "/venues", admin,
        Map.of("name", name, "category", "CINEMA")), 201).get("id").asText();
  }

  private String newOffer(String venue) {
    return ok(ts.client.post("/api/v1/venues/" + venue + "/offers", admin,
        Map.of("name", "Billett", "quota", 2, "period", "CALENDAR_YEAR", "companions", 1, "priceOre", 12000,
            "refundPercent", 50)), 201).get("id").asText();
  }

  /**
   * Registers and enrolls a staffed terminal (a till, "Kasse") at the venue: its ledger holds the
   * holders' first names, as every terminal's did before terminals were registered staffed or not.
   */
  public EnrollResponse enroll(String venue, String name) {
    return enroll(venue, name, true);
  }

  /** Registers and enrolls a terminal at the venue, a staffed desk or not. */
  public EnrollResponse enroll(String venue, String name, boolean staffed) {
    String code = ok(ts.client.post("/api/v1/venues/" + venue + "/terminals", admin,
        Map.of("name", name, "staffed", staffed)), 201).get("enrollmentCode").asText();
    Client.Response r = ts.client.post("/api/v1/terminal/enroll", null, Map.of("code", code, "softwareVersion", "t1"));
    ok(r, 200);
    return r.as(EnrollResponse.class);
  }

  /** The path of a route with this world's identifiers. */
  public String path(no.klipp.server.web.Route r) {
    return r.path().replace("{schemeId}", Long.toString(scheme.id())).replace("{venueId}", venueId)
        .replace("{offerId}", offerId).replace("{cardNumber}", cards.getFirst())
        .replace("{terminalId}", terminal.terminalId())
        .replace("{userId}", Long.toString(adminId)).replace("{keyId}", "1");
  }

  /** The user id of the person signed in with {@code token}. */
  public long userId(String token) {
    return ok(ts.client.get("/api/v1/auth/me", token), 200).get("userId").asLong();
  }

  /** Asserts the status and answers the JSON body. */
  public static JsonNode ok(Client.Response r, int status) {
    if (r.status() != status) {
      throw new AssertionError("expected " + status + ", got " + r);
    }
    return r.tree();
  }
}
