package no.klipp.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.auth.Role;
import no.klipp.server.db.Dialect;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.visit.Upload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recording a month's refund as paid on the refund page, over real HTTP, as an administrator and as a venue. */
class RefundPaymentPagesTest {

  private static final Pattern PAY_FORM = Pattern.compile(
      "<form method=\"post\" class=\"inline\" action=\"" + Dashboard.ROOT + "/refunds/payments\">(.*?)</form>");
  private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\">");
  private static final String MARCH = "?from=2026-03-01&to=2026-03-31";
  private String venueMarch;

  private TestServer ts;
  private World w;
  private String base;
  private String admin;
  private String offerId;
  private TerminalIdentity terminal;
  private long sequence;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() {
    ts = new TestServer(Dialect.SQLITE);
    w = new World(ts, "Refby");
    base = "http://127.0.0.1:" + ts.server.http.port() + Dashboard.ROOT;
    offerId = ts.server.offers.create(w.venueId, new OfferRequest("Inngang", null, QuotaPeriod.CALENDAR_YEAR, 0, null,
        null, null, null, 7_550L, 100, false)).id();
    terminal = ts.server.terminals.authenticate(w.terminal.token());
    upload("2026-04-02T08:00:00Z", LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 11));
    admin = ts.login("Refby-admin");
    venueMarch = MARCH + "&venue=" + w.venueId;
  }

  @AfterEach
  void stop() {
    ts.close();
  }

  @Test
  void anAdministratorRecordsWhatIsOwedAndThenWhatALateUploadAdded() throws Exception {
    // Every venue: payments are recorded on a venue's own statement.
    String all = get(admin, "/refunds" + MARCH).body();
    assertTrue(all.contains("id=\"payments-by-venue\">Velg et brukersted"), all);
    assertFalse(PAY_FORM.matcher(all).find(), "payments are recorded on a venue's own statement");

    String page = get(admin, "/refunds" + venueMarch).body();
    assertTrue(page.contains("<td class=\"n owed\">151.00</td>"), page);
    HttpResponse<String> paid = post(admin, payForm(page));
    assertEquals(302, paid.statusCode(), paid.body());
    assertEquals(Dashboard.ROOT + "/refunds" + venueMarch, paid.headers().firstValue("Location").orElseThrow(),
        "back to the statement it was paid from");
    String after = get(admin, "/refunds" + venueMarch).body();
    assertTrue(after.contains("<td class=\"n owed\">0.00</td>"), after);
    assertTrue(after.contains("Utbetalt 151.00 den 2026-04-02 av Refby-admin"), after);
    assertFalse(PAY_FORM.matcher(after).find(), "nothing more to pay");

    upload("2026-04-20T08:00:00Z", LocalDate.of(2026, 3, 30));
    admin = ts.login("Refby-admin"); // the session of 2 April has expired
    String late = get(admin, "/refunds" + venueMarch).body();
    assertTrue(late.contains("<td class=\"n owed\">75.50</td>"), late);
    // The invoice asks for the difference only, beside what the month's refund is now.
    String text = pdfText(admin, "/refunds.pdf" + venueMarch);
    assertTrue(text.contains("2026-03") && text.contains("Refby kino 226.50 − 151.00 utbetalt 75.50"), text);
    assertTrue(text.contains("Til gode utover det som er utbetalt: 75.50 kr"), text);
    assertEquals(302, post(admin, payForm(late)).statusCode());
    assertEquals(2, ts.server.payments.months(w.scheme.id(), w.venueId, YearMonth.of(2026, 3), YearMonth.of(2026, 3))
        .getFirst().payments().size());
    // Every venue's PDF is the statement alone: each venue's own has its months.
    assertFalse(pdfText(admin, "/refunds.pdf" + MARCH).contains("utbetalt"));
  }

  @Test
  void aStaleButtonIsRefusedWithTheAmountNowOwed() throws Exception {
    String page = get(admin, "/refunds" + venueMarch).body();
    upload("2026-04-02T09:00:00Z", LocalDate.of(2026, 3, 12));

    HttpResponse<String> stale = post(admin, payForm(page));
    assertEquals(409, stale.statusCode());
    assertTrue(stale.body().contains("226.50"), stale.body());
    assertTrue(ts.server.payments.months(w.scheme.id(), w.venueId, YearMonth.of(2026, 3), YearMonth.of(2026, 3))
        .getFirst().payments().isEmpty());
  }

  @Test
  void aVenueSeesWhatWasPaidButNeitherPaysNorSeesWhoPaid() throws Exception {
    post(admin, payForm(get(admin, "/refunds" + venueMarch).body()));
    ts.user(w.scheme.id(), "badet", Role.VENUE, w.venueId);
    String venue = ts.login("badet");

    String page = get(venue, "/refunds" + MARCH).body();
    assertTrue(page.contains("id=\"payments\""), page);
    assertTrue(page.contains("151.00 den 2026-04-02"), page);
    assertFalse(page.contains("Refby-admin"), "the payer is named to administrators only");
    assertFalse(PAY_FORM.matcher(page).find());

    HttpResponse<String> refused = post(venue, "csrf=" + enc(MaskedCsrf.of(venue)) + "&venue=" + w.venueId
        + "&month=2026-03&amount=0");
    assertEquals(403, refused.statusCode());
  }

  @Test
  void aBadFormIsRefusedWithItsReason() throws Exception {
    String csrf = "csrf=" + enc(MaskedCsrf.of(admin));
    assertEquals(403, post(admin, "venue=" + w.venueId + "&month=2026-03&amount=15100").statusCode(), "no CSRF token");
    HttpResponse<String> month = post(admin, csrf + "&venue=" + w.venueId + "&month=mars&amount=15100");
    assertEquals(400, month.statusCode());
    assertTrue(month.body().contains("yyyy-MM"), month.body());
    assertEquals(400, post(admin, csrf + "&venue=" + w.venueId + "&month=2026-03&amount=1e9").statusCode());
    assertEquals(400, post(admin, csrf + "&month=2026-03&amount=15100").statusCode());
    HttpResponse<String> open = post(admin, csrf + "&venue=" + w.venueId + "&month=2026-04&amount=0");
    assertEquals(400, open.statusCode());
    assertEquals(404, post(admin, csrf + "&venue=nowhere&month=2026-03&amount=15100").statusCode());
  }

  /** The first pay button's form on {@code page}, filled in as a browser would send it. */
  private static String payForm(String page) {
    Matcher form = PAY_FORM.matcher(page);
    assertTrue(form.find(), page);
    StringBuilder body = new StringBuilder();
    Matcher field = HIDDEN.matcher(form.group(1));
    while (field.find()) {
      body.append(body.isEmpty() ? "" : "&").append(field.group(1)).append('=').append(enc(field.group(2)));
    }
    return body.toString();
  }

  private String pdfText(String session, String path) throws Exception {
    HttpResponse<byte[]> pdf = http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Cookie", Gate.SESSION_COOKIE + "=" + session).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, pdf.statusCode());
    try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
      return new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
    }
  }

  private HttpResponse<String> get(String session, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", Gate.SESSION_COOKIE + "="
        + session).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String session, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/refunds/payments"))
        .header("Cookie", Gate.SESSION_COOKIE + "=" + session)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Admissions at noon in the scheme's zone on {@code days}, uploaded when the clock shows {@code at}. */
  private void upload(String at, LocalDate... days) {
    ts.clock.set(Instant.parse(at));
    List<Upload> visits = new java.util.ArrayList<>();
    for (LocalDate day : days) {
      visits.add(new Upload.Parsed(new Visit(UUID.randomUUID(), ++sequence, VisitKind.ADMISSION, null,
          w.cards.getFirst(), 1, offerId, w.venueId, terminal.terminalId(),
          day.atTime(LocalTime.NOON).atZone(w.scheme.zone()).toInstant(), 0, Set.of())));
    }
    ts.server.ingest.ingest(terminal, terminal.terminalId(), visits, new TerminalReport("t1", 0, 0L));
  }
}
