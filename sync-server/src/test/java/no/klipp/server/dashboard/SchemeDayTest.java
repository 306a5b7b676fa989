package no.klipp.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's defaults follow the scheme's day (Europe/Oslo), not the server's UTC date: between
 * 22:00 and 24:00 UTC in winter it is already the next day in Oslo.
 */
class SchemeDayTest extends OnBothDatabases {

  private World w;
  private String session;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() {
    w = new World(ts, "Dagby");
    assertEquals("Europe/Oslo", w.scheme.timeZone());
    session = ts.server.sessions.login(w.scheme.name() + "-admin", TestServer.PASSWORD, TestServer.CLIENT).token();
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + ts.server.http.port() + Dashboard.ROOT + path))
        .header("Cookie", Gate.SESSION_COOKIE + "=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
    return r;
  }

  private void at(String instant) {
    ts.clock.set(Instant.parse(instant));
  }

  @Test
  void cardFormPrefillsTheSchemesDate() throws Exception {
    at("2026-03-01T23:30:00Z");
    assertContains(get("/cards").body(), "name=\"validFrom\" value=\"2026-03-02\"");
  }

  @Test
  void refundPeriodDefaultsToTheSchemesMonthUpToItsToday() throws Exception {
    at("2026-03-01T23:30:00Z");
    String body = get("/refunds").body();
    assertContains(body, "name=\"from\" value=\"2026-03-01\"");
    assertContains(body, "name=\"to\" value=\"2026-03-02\"");

    // Already 1 March in Oslo: the default period is March, not February.
    at("2026-02-28T23:30:00Z");
    assertContains(get("/refunds.csv").headers().firstValue("Content-Disposition").orElseThrow(),
        "klipp-refunds-2026-03-01-2026-03-01.csv");
  }

  @Test
  void refundPageSaysTargetedOffersCountOnlyInWholeMonths() throws Exception {
    at("2026-04-10T10:00:00Z");
    session = ts.server.sessions.login(w.scheme.name() + "-admin", TestServer.PASSWORD, TestServer.CLIENT).token();
    String note = "id=\"by-month\"";
    assertFalse(get("/refunds?from=2026-03-01&to=2026-03-10").body().contains(note), "no targeted offer yet");
    ts.server.offers.create(w.venueId, new no.klipp.server.offer.OfferRequest("Kurs", null, null, 0, null, null, null,
        null, 0L, 100, true));
    assertContains(get("/refunds?from=2026-03-01&to=2026-03-10").body(), note);
    assertFalse(get("/refunds?from=2026-03-01&to=2026-03-31").body().contains(note), "whole months");
  }

  @Test
  void statisticsPublishAMonthOnTheSchemesSettleDay() throws Exception {
    // 8 January in Oslo: December has ended Period.SETTLE_DAYS (7) days ago, so 2025 runs to December.
    at("2026-01-07T23:30:00Z");
    assertContains(get("/stats/csv/months").headers().firstValue("Content-Disposition").orElseThrow(),
        "klipp-months-2025-01-2025-12.csv");

    // 8 February in Oslo: January 2026 is published, so 2026 is the default year and the form's maximum.
    at("2026-02-07T23:30:00Z");
    assertContains(get("/stats/csv/months").headers().firstValue("Content-Disposition").orElseThrow(),
        "klipp-months-2026-01-2026-01.csv");
    assertContains(get("/stats").body(), "name=\"year\" value=\"2026\" id=\"year\" min=\"2000\" max=\"2026\"");
    get("/stats?year=2026");
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), () -> "no " + part + " in " + text);
  }
}
