package no.klipp.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dates outside 2000-01-01 .. five years ahead are a 400 page that says why, never a 500 or a write. */
class DashboardDatesTest extends OnBothDatabases {

  private World w;
  private String session;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() {
    w = new World(ts, "Datoby");
    session = ts.server.sessions.login(w.scheme.name() + "-admin", TestServer.PASSWORD, TestServer.CLIENT).token();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .header("Cookie", Gate.SESSION_COOKIE + "=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .header("Cookie", Gate.SESSION_COOKIE + "=" + session)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + MaskedCsrf.of(session) + "&" + form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return "http://127.0.0.1:" + ts.server.http.port() + Dashboard.ROOT;
  }

  /** How {@code r} fails to be a 400 page that says {@code reason}; empty if it is one. */
  private static List<String> refusal(HttpResponse<String> r, String reason) {
    boolean page = r.statusCode() == 400 && r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")
        && r.body().contains(reason);
    return page ? List.of() : List.of(r.request().method() + " " + r.uri() + " -> " + r.statusCode() + " " + r.body());
  }

  @Test
  void refundPeriodsOutsideTheWindowAreA400WithTheReason() throws Exception {
    List<String> failures = new ArrayList<>();
    for (String page : List.of("/refunds", "/refunds.csv", "/refunds.pdf")) {
      for (String query : List.of("to=%2B999999999-12-31", "from=-999999999-01-01", "from=1999-12-31",
          "to=2031-03-03")) {
        failures.addAll(refusal(get(page + "?" + query), "2000-01-01..2031-03-02"));
      }
    }
    assertEquals(List.of(), failures);
    assertEquals(200, get("/refunds?from=2000-01-01&to=2031-03-02").statusCode(), "the window's own ends");
  }

  @Test
  void statsYearsOutsideThePublishedOnesAreA400NotA500() throws Exception {
    List<String> failures = new ArrayList<>();
    for (String year : List.of("%2B999999999", "-999999999", "99999999999999999999", "1999", "2027")) {
      failures.addAll(refusal(get("/stats?year=" + year), "role=\"alert\""));
      failures.addAll(refusal(get("/stats/csv/venues?year=" + year), "role=\"alert\""));
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void offerFormsWithDatesOutsideTheWindowChangeNothing() throws Exception {
    List<String> failures = new ArrayList<>();
    for (String dates : List.of("validFrom=-999999999-01-01", "validUntil=%2B999999999-12-31",
        "validFrom=1999-12-31&validUntil=2026-12-31")) {
      String form = "name=Konsert&period=MONTH&refundPercent=50&" + dates;
      failures.addAll(refusal(post("/offers/" + w.offerId, form), "2000-01-01..2031-03-02"));
      failures.addAll(refusal(post("/venues/" + w.venueId + "/offers", form), "2000-01-01..2031-03-02"));
    }
    assertEquals(List.of(), failures);
    assertEquals("Billett", ts.server.offers.get(w.offerId).name());
    assertEquals(1, ts.server.offers.ofVenue(w.venueId).size());
  }
  @Test
  void aNulInAFormOrTheRefundsVenueIsA400NotA500() throws Exception {
    List<String> failures = new ArrayList<>();
    for (String page : List.of("/refunds", "/refunds.csv", "/refunds.pdf")) {
      failures.addAll(refusal(get(page + "?venue=" + w.venueId + "%00"), "control characters"));
    }
    failures.addAll(refusal(post("/venues", "name=Kino%00&category=CINEMA"), "control characters"));
    failures.addAll(refusal(post("/cards", "firstName=Ada%00&birthYear=2015"), "control characters"));
    assertEquals(List.of(), failures);
  }
}
