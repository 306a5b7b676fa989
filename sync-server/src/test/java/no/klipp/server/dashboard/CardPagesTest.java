package no.klipp.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.klipp.server.card.CardService;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issuing a batch of cards on the dashboard and printing it on one sheet, over real HTTP. */
class CardPagesTest {

  private static final Pattern SHEET_FORM = Pattern.compile(
      "<form method=\"post\" action=\"" + Dashboard.ROOT + "/cards/sheet.pdf\">(.*?)</form>");
  private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\">");

  private TestServer ts;
  private World w;
  private String base;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() {
    ts = new TestServer(Dialect.SQLITE);
    w = new World(ts, "Arkby");
    base = "http://127.0.0.1:" + ts.server.http.port() + Dashboard.ROOT;
  }

  @AfterEach
  void stop() {
    ts.close();
  }

  /** A dashboard form posted with the session's cookie (the API's sign-in gives the same sessions). */
  private HttpResponse<byte[]> post(String path, String session, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Cookie", Gate.SESSION_COOKIE + "=" + session)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> printSheet(String session, List<String> numbers) throws Exception {
    return post("/cards/sheet.pdf", session, "csrf=" + enc(MaskedCsrf.of(session)) + "&numbers="
        + enc(String.join(",", numbers)));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void theLargestBatchIssuedOnTheDashboardPrintsOnOneSheet() throws Exception {
    // The largest batch the form allows: its print link used to carry every card number in its
    // URL, which Jetty refused (414) from about 700 cards.
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < CardService.MAX_BATCH; i++) {
      lines.append("Barn").append(i).append(", 2014\n");
    }
    HttpResponse<byte[]> issued = post("/cards/batch", w.admin,
        "csrf=" + enc(MaskedCsrf.of(w.admin)) + "&lines=" + enc(lines.toString()));
    String page = new String(issued.body(), StandardCharsets.UTF_8);
    assertEquals(200, issued.statusCode(), page);
    assertFalse(page.contains("sheet.pdf?"), "no card number goes into a URL");

    Matcher form = SHEET_FORM.matcher(page);
    assertTrue(form.find(), "the batch page has a form that prints the sheet");
    StringBuilder body = new StringBuilder();
    Matcher field = HIDDEN.matcher(form.group(1));
    while (field.find()) {
      body.append(body.isEmpty() ? "" : "&").append(field.group(1)).append('=').append(enc(field.group(2)));
    }
    HttpResponse<byte[]> sheet = post("/cards/sheet.pdf", w.admin, body.toString());

    assertEquals(200, sheet.statusCode(), new String(sheet.body(), StandardCharsets.UTF_8));
    assertTrue(sheet.headers().firstValue("Content-Type").orElseThrow().startsWith("application/pdf"));
    assertTrue(new String(sheet.body(), 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF"));
    try (PDDocument doc = Loader.loadPDF(sheet.body())) {
      assertEquals(CardService.MAX_BATCH / 10, doc.getNumberOfPages(), "ten cards on each page");
    }
  }

  @Test
  void aCardWhoseNameWasErasedAsksForItOnRenewalAndGetsItBack() throws Exception {
    String card = w.cards.getFirst();
    String named = w.cards.get(1);
    java.time.LocalDate until = ts.server.cards.get(card).validUntil();
    ts.clock.set(until.plusMonths(13).atTime(12, 0).atZone(w.scheme.zone()).toInstant());
    ts.server.cards.renew(named, null);
    ts.server.retention(no.klipp.server.retention.RetentionPolicy.DEFAULT).run(false);
    assertEquals(null, ts.server.cards.get(card).firstName());
    String session = ts.login("Arkby-admin"); // a year on, the morning's session has long expired

    assertFalse(page(session, "/cards/" + named).contains("renew-firstName"), "a card with a name renews with one button");
    String erased = page(session, "/cards/" + card);
    assertTrue(erased.contains("id=\"renew-firstName\" required"), erased);

    HttpResponse<byte[]> renewed = post("/cards/" + card + "/renew", session,
        "csrf=" + enc(MaskedCsrf.of(session)) + "&firstName=" + enc("Åse"));
    assertEquals(302, renewed.statusCode(), new String(renewed.body(), StandardCharsets.UTF_8));
    assertEquals("Åse", ts.server.cards.get(card).firstName());
    assertTrue(ts.server.cards.get(card).validUntil().isAfter(until));
    assertFalse(page(session, "/cards/" + card).contains("renew-firstName"));
  }

  @Test
  void theCardPageCorrectsAFirstName() throws Exception {
    String card = w.cards.getFirst();
    String shown = page(w.admin, "/cards/" + card);
    assertTrue(shown.contains("id=\"rename-firstName\" required"), shown);
    assertTrue(shown.contains("value=\"Ada\""), "the field holds the name as it is");

    HttpResponse<byte[]> renamed = post("/cards/" + card + "/first-name", w.admin,
        "csrf=" + enc(MaskedCsrf.of(w.admin)) + "&firstName=" + enc("Adele"));

    assertEquals(302, renamed.statusCode(), new String(renamed.body(), StandardCharsets.UTF_8));
    assertEquals("Adele", ts.server.cards.get(card).firstName());
    assertEquals(403, post("/cards/" + card + "/first-name", w.admin, "firstName=" + enc("Eve")).statusCode(),
        "no CSRF token");
    assertEquals("Adele", ts.server.cards.get(card).firstName());
  }

  private String page(String session, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Cookie", Gate.SESSION_COOKIE + "=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  @Test
  void aSheetHoldsOnlyCardsOfTheAdministratorsOwnScheme() throws Exception {
    World other = new World(ts, "Annenby");
    List<String> mixed = new ArrayList<>(w.cards);
    mixed.add(other.cards.getFirst());

    assertEquals(403, printSheet(w.admin, mixed).statusCode());
    assertEquals(403, printSheet(w.admin, other.cards).statusCode());
    assertEquals(200, printSheet(other.admin, other.cards).statusCode());
    assertEquals(200, printSheet(w.admin, w.cards).statusCode());
  }

  @Test
  void aSheetIsPrintedOnlyThroughTheSessionsFormAndWithinTheBatchLimit() throws Exception {
    String numbers = enc(String.join(",", w.cards));
    assertEquals(403, post("/cards/sheet.pdf", w.admin, "numbers=" + numbers).statusCode(), "no CSRF token");
    assertEquals(403, post("/cards/sheet.pdf", w.admin, "csrf=" + enc(MaskedCsrf.of("another-session"))
        + "&numbers=" + numbers).statusCode(), "another session's CSRF token");
    assertEquals(400, printSheet(w.admin, List.of()).statusCode(), "a sheet of no cards is a mistake");
    assertEquals(400, printSheet(w.admin, List.of("", "")).statusCode(), "a sheet of no cards is a mistake");
    assertEquals(400, printSheet(w.admin, Collections.nCopies(CardService.MAX_BATCH + 1, w.cards.getFirst()))
        .statusCode(), "more cards than one batch");
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(base + "/cards/sheet.pdf?numbers="
        + numbers)).header("Cookie", Gate.SESSION_COOKIE + "=" + w.admin).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertNotEquals(200, get.statusCode(), "card numbers are not taken from a URL");
  }
}
