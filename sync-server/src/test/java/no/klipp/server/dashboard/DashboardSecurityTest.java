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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.klipp.server.auth.Role;
import no.klipp.server.auth.Tokens;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions, CSRF, roles and the logged one-card look-up, over real HTTP. */
class DashboardSecurityTest {

  private TestServer ts;
  private World w;
  private String base;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() {
    ts = new TestServer(Dialect.SQLITE);
    w = new World(ts, "Sikkerby");
    base = "http://127.0.0.1:" + ts.server.http.port() + Dashboard.ROOT;
  }

  @AfterEach
  void stop() {
    ts.close();
  }

  private HttpResponse<String> get(String path, String session) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (session != null) {
      b.header("Cookie", Gate.SESSION_COOKIE + "=" + session);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Signs in through the form as a browser does; answers the session token. */
  private String signIn(String username) throws Exception {
    HttpResponse<String> form = get("/login", null);
    String loginCookie = cookie(form, Gate.LOGIN_COOKIE);
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertTrue(m.find());
    HttpResponse<String> r = post("/login", Gate.LOGIN_COOKIE + "=" + loginCookie,
        "csrf=" + enc(m.group(1)) + "&username=" + enc(username) + "&password=" + enc(TestServer.PASSWORD));
    assertEquals(302, r.statusCode(), r.body());
    String setCookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Gate.SESSION_COOKIE + "="))
        .findFirst().orElseThrow();
    assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
    return cookie(r, Gate.SESSION_COOKIE);
  }

  private static String cookie(HttpResponse<?> r, String name) {
    for (String c : r.headers().allValues("Set-Cookie")) {
      if (c.startsWith(name + "=")) {
        return c.substring(name.length() + 1, c.indexOf(';'));
      }
    }
    throw new AssertionError("no cookie " + name + " in " + r.headers());
  }

  @Test
  void aBodyThatIsNotAUrlEncodedFormIsRefusedWithoutAServerError() throws Exception {
    String session = signIn(w.scheme.name() + "-admin");
    for (String path : List.of("/login", "/logout")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "multipart/form-data; boundary=x")
          .header("Cookie", Gate.SESSION_COOKIE + "=" + session)
          .POST(HttpRequest.BodyPublishers.ofString("--y\r\ngarbage")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(415, r.statusCode(), path + ": " + r.body());
      assertTrue(r.body().contains(Messages.of("nb").t("error.form")), r.body());
    }
    // Still signed in: the refused form did nothing.
    assertEquals(200, get("/stats", session).statusCode());
  }

  @Test
  void signInWithoutTheLoginFormsTokenIsRefused() throws Exception {
    HttpResponse<String> r = post("/login", null,
        "username=" + enc(w.scheme.name() + "-admin") + "&password=" + enc(TestServer.PASSWORD));
    assertEquals(403, r.statusCode());
    assertFalse(r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith(Gate.SESSION_COOKIE + "=x")));
  }

  @Test
  void behindATlsProxyTheCookiesAreSecure() throws Exception {
    // The documented deployment: the server listens on plain HTTP behind Caddy or nginx, which
    // terminate TLS and say so in X-Forwarded-Proto.
    HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("X-Forwarded-Proto", "https").GET().build(), HttpResponse.BodyHandlers.ofString());
    String loginCookie = form.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(Gate.LOGIN_COOKIE + "=")).findFirst().orElseThrow();
    assertTrue(loginCookie.contains("; Secure"), loginCookie);
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertTrue(m.find());
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("X-Forwarded-Proto", "https").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", Gate.LOGIN_COOKIE + "=" + cookie(form, Gate.LOGIN_COOKIE))
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(m.group(1)) + "&username="
            + enc(w.scheme.name() + "-admin") + "&password=" + enc(TestServer.PASSWORD)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, r.statusCode(), r.body());
    String session = r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(Gate.SESSION_COOKIE + "=")).findFirst().orElseThrow();
    assertTrue(session.contains("; Secure") && session.contains("HttpOnly"), session);
    assertFalse(get("/login", null).headers().allValues("Set-Cookie").stream().anyMatch(c -> c.contains("Secure")),
        "plain HTTP without a proxy (development) keeps cookies usable");
  }

  @Test
  void signInsThroughTheFormAreThrottledByTheClientsAddressToo() throws Exception {
    // From 127.0.0.1, a trusted proxy by default: X-Forwarded-For tells the client, as behind nginx.
    for (int i = 0; i < 20; i++) {
      assertEquals(401, signInFrom("203.0.113.9", "nobody-" + i, "x").statusCode());
    }
    HttpResponse<String> refused = signInFrom("203.0.113.9", w.scheme.name() + "-admin", TestServer.PASSWORD);
    assertEquals(429, refused.statusCode());
    assertEquals("31", refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(refused.body().contains(Messages.of("nb").t("login.throttled")), refused.body());
    assertEquals(302, signInFrom("203.0.113.10", w.scheme.name() + "-admin", TestServer.PASSWORD).statusCode(),
        "another client is let in");
  }

  /** The login form filled in and sent by a client whose address a reverse proxy passes on. */
  private HttpResponse<String> signInFrom(String client, String username, String password) throws Exception {
    HttpResponse<String> form = get("/login", null);
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertTrue(m.find());
    return http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("X-Forwarded-For", client).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Cookie", Gate.LOGIN_COOKIE + "=" + cookie(form, Gate.LOGIN_COOKIE))
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(m.group(1)) + "&username=" + enc(username)
            + "&password=" + enc(password)))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFormWithoutTheSessionsCsrfTokenChangesNothing() throws Exception {
    String session = signIn(w.scheme.name() + "-admin");
    String card = w.cards.getFirst();
    HttpResponse<String> forged = post("/cards/" + card + "/revoke", Gate.SESSION_COOKIE + "=" + session, "");
    assertEquals(403, forged.statusCode());
    HttpResponse<String> wrong = post("/cards/" + card + "/revoke", Gate.SESSION_COOKIE + "=" + session,
        "csrf=" + MaskedCsrf.of("another-session"));
    assertEquals(403, wrong.statusCode());
    assertEquals("ACTIVE", ts.server.cards.get(card).status().name());
    HttpResponse<String> ok = post("/cards/" + card + "/revoke", Gate.SESSION_COOKIE + "=" + session,
        "csrf=" + MaskedCsrf.of(session));
    assertEquals(302, ok.statusCode());
    assertEquals("REVOKED", ts.server.cards.get(card).status().name());
  }

  @Test
  void everyPageMasksTheCsrfTokenAfreshAndFormsAcceptOnlyThisSessionsMasks() throws Exception {
    String admin = signIn(w.scheme.name() + "-admin");
    String other = signIn(w.scheme.name() + "-admin");
    String cookie = Gate.SESSION_COOKIE + "=" + admin;
    String first = csrfOn(get("/cards", admin));
    String second = csrfOn(get("/cards", admin));
    // One string in every gzipped page, beside reflected input, is what BREACH reads byte by byte.
    assertNotEquals(first, second);
    String numbers = "&numbers=" + enc(String.join(",", w.cards));
    for (String token : List.of(first, second)) {
      HttpResponse<String> sheet = post("/cards/sheet.pdf", cookie, "csrf=" + enc(token) + numbers);
      assertEquals(200, sheet.statusCode(), token);
      assertTrue(sheet.body().startsWith("%PDF"));
    }

    byte[] raw = Base64.getUrlDecoder().decode(first);
    raw[40] ^= 1;
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertEquals(403, post("/cards/sheet.pdf", cookie, "csrf=" + enc(tampered) + numbers).statusCode(), "tampered");
    String othersToken = csrfOn(get("/cards", other));
    assertEquals(403, post("/cards/sheet.pdf", cookie, "csrf=" + enc(othersToken) + numbers).statusCode(),
        "another session's");
    String bare = Tokens.hash("csrf|" + admin);
    assertEquals(403, post("/cards/sheet.pdf", cookie, "csrf=" + enc(bare) + numbers).statusCode(),
        "the unmasked token, which pages no longer carry");
    assertEquals(403, post("/cards/sheet.pdf", cookie, "csrf=" + enc("not base64!") + numbers).statusCode());
  }

  private static String csrfOn(HttpResponse<String> page) {
    assertEquals(200, page.statusCode());
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
    assertTrue(m.find(), page.body());
    return m.group(1);
  }

  @Test
  void sessionsExpireAndSignOutEndsThem() throws Exception {
    String session = signIn(w.scheme.name() + "-admin");
    assertEquals(200, get("/stats", session).statusCode());
    ts.clock.advance(Duration.ofHours(13));
    HttpResponse<String> expired = get("/stats", session);
    assertEquals(302, expired.statusCode());
    assertEquals(Dashboard.ROOT + "/login", expired.headers().firstValue("Location").orElseThrow());

    String again = signIn(w.scheme.name() + "-admin");
    assertEquals(302, post("/logout", Gate.SESSION_COOKIE + "=" + again, "csrf=" + MaskedCsrf.of(again)).statusCode());
    assertEquals(302, get("/stats", again).statusCode());
  }

  @Test
  void rolesSeeOnlyTheirPages() throws Exception {
    ts.user(w.scheme.id(), "saksbehandler", Role.CASEWORKER, null);
    ts.user(w.scheme.id(), "kinoen", Role.VENUE, w.venueId);
    String caseworker = signIn("saksbehandler");
    String venue = signIn("kinoen");
    for (String page : List.of("/venues", "/terminals", "/audit", "/refunds", "/venues/" + w.venueId)) {
      assertEquals(403, get(page, caseworker).statusCode(), page);
    }
    for (String page : List.of("/stats", "/stats/csv/venues", "/cards", "/cards/" + w.cards.getFirst(), "/audit",
        "/venues", "/terminals")) {
      assertEquals(403, get(page, venue).statusCode(), page);
    }
    assertEquals(200, get("/venues/" + w.venueId, venue).statusCode());
    assertEquals(200, get("/refunds.pdf", venue).statusCode());
    assertEquals(200, get("/stats/csv/ages", caseworker).statusCode());
    assertEquals(404, get("/stats/csv/children", caseworker).statusCode());
    assertEquals(400, get("/stats?year=20x6", caseworker).statusCode());
    assertEquals(400, get("/stats?year=2027", caseworker).statusCode(), "no month of 2027 has been published");
  }

  @Test
  void whereACardWasUsedIsShownOnlyToACaseworkerWithAReasonAndIsLogged() throws Exception {
    ts.user(w.scheme.id(), "saksbehandler", Role.CASEWORKER, null);
    String caseworker = signIn("saksbehandler");
    String admin = signIn(w.scheme.name() + "-admin");
    String card = w.cards.getFirst();
    String cookie = Gate.SESSION_COOKIE + "=" + caseworker;

    HttpResponse<String> noReason = post("/cards/" + card + "/uses", cookie, "csrf=" + MaskedCsrf.of(caseworker));
    assertEquals(400, noReason.statusCode());
    assertEquals(403, post("/cards/" + card + "/uses", Gate.SESSION_COOKIE + "=" + admin,
        "csrf=" + MaskedCsrf.of(admin) + "&reason=" + enc("ser bare")).statusCode());
    assertFalse(get("/audit", admin).body().contains(card), "refused look-ups show nothing and log nothing");
    assertFalse(get("/cards/" + card, caseworker).body().contains(w.scheme.name() + " kino"),
        "the card's own page does not list where it was used");

    HttpResponse<String> shown = post("/cards/" + card + "/uses", cookie,
        "csrf=" + MaskedCsrf.of(caseworker) + "&reason=" + enc("Foresatt spør om kortet virker"));
    assertEquals(200, shown.statusCode());
    String log = get("/audit", admin).body();
    assertTrue(log.contains(card) && log.contains("Foresatt spør om kortet virker") && log.contains("saksbehandler"),
        log);
  }

  @Test
  void cardsPrintAndOffersAndVenuesAreEditedThroughForms() throws Exception {
    String admin = signIn(w.scheme.name() + "-admin");
    String cookie = Gate.SESSION_COOKIE + "=" + admin;
    String card = w.cards.getFirst();
    HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(URI.create(base + "/cards/" + card + "/card.png"))
        .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertTrue(png.headers().firstValue("Content-Type").orElseThrow().startsWith("image/png"));
    assertEquals((byte) 0x89, png.body()[0]);
    assertTrue(get("/cards/" + card + "/card.pdf", admin).body().startsWith("%PDF"));
    assertTrue(post("/cards/sheet.pdf", cookie, "csrf=" + MaskedCsrf.of(admin) + "&numbers="
        + enc(String.join(",", w.cards))).body().startsWith("%PDF"));
    assertEquals(302, get("/cards?number=" + card, admin).statusCode(), "find by number");

    HttpResponse<String> edit = post("/offers/" + w.offerId, cookie, "csrf=" + MaskedCsrf.of(admin)
        + "&name=Kinobillett&quota=&period=MONTH&companions=2&validFrom=2026-01-01&validUntil=2026-12-31"
        + "&hours=" + enc("man 16:00-22:00, lør 12:00-24:00") + "&capacity=40&price=" + enc("99,50")
        + "&refundPercent=50");
    assertEquals(302, edit.statusCode(), edit.body());
    var offer = ts.server.offers.get(w.offerId);
    assertEquals(null, offer.quota());
    assertEquals(40, offer.capacity());
    assertEquals(9950, offer.priceOre());
    assertEquals(2, offer.openingHours().size());
    assertEquals(java.time.LocalDate.of(2026, 12, 31), offer.validUntil());
    assertEquals(java.time.LocalTime.MIDNIGHT, offer.openingHours().get(1).closes(), "24:00 is midnight");
    String venuePage = get("/venues/" + w.venueId, admin).body();
    assertTrue(venuePage.contains("mon 16:00-22:00") && venuePage.contains("sat 12:00-24:00"),
        "the venue page shows the time window and opening hours");
    HttpResponse<String> bad = post("/offers/" + w.offerId, cookie, "csrf=" + MaskedCsrf.of(admin)
        + "&name=X&period=MONTH&hours=" + enc("someday 25:00") + "&refundPercent=50");
    assertEquals(400, bad.statusCode());
    assertEquals(9950, ts.server.offers.get(w.offerId).priceOre(), "a refused form changes nothing");

    assertEquals(302, post("/venues/" + w.venueId, cookie, "csrf=" + MaskedCsrf.of(admin)
        + "&name=" + enc("Kino Nord") + "&category=CINEMA").statusCode());
    assertEquals("Kino Nord", ts.server.venues.get(w.venueId).name());
  }

  @Test
  void theRegistrationFormRegistersAStaffedDeskOnlyWhenItsBoxIsTicked() throws Exception {
    String admin = signIn(w.scheme.name() + "-admin");
    String cookie = Gate.SESSION_COOKIE + "=" + admin;
    String form = get("/venues/" + w.venueId, admin).body();
    Matcher box = Pattern.compile("<input type=\"checkbox\" name=\"staffed\"[^>]*>").matcher(form);
    assertTrue(box.find(), "the form has the box");
    assertFalse(box.group().contains("checked"), "unticked until someone ticks it: " + box.group());
    assertTrue(form.contains("Betjent skranke: viser kortholdernes fornavn"), "the box says what it does");

    String register = "/venues/" + w.venueId + "/terminals";
    assertEquals(200, post(register, cookie, "csrf=" + enc(MaskedCsrf.of(admin)) + "&name=" + enc("Billettluke")
        + "&staffed=yes").statusCode());
    assertEquals(200, post(register, cookie, "csrf=" + enc(MaskedCsrf.of(admin)) + "&name=" + enc("Inngang"))
        .statusCode());
    java.util.Map<String, Boolean> staffed = new java.util.HashMap<>();
    ts.server.terminals.ofVenue(w.venueId).forEach(t -> staffed.put(t.name(), t.staffed()));
    assertEquals(java.util.Map.of("Kasse 1", true, "Billettluke", true, "Inngang", false), staffed);

    String list = get("/terminals", admin).body();
    Matcher cells = Pattern.compile("<td>([^<]+)</td><td class=\"staffed\"><span class=\"flag\">([^<]+)</span>")
        .matcher(list);
    java.util.Map<String, String> shown = new java.util.HashMap<>();
    while (cells.find()) {
      shown.put(cells.group(1), cells.group(2));
    }
    assertEquals(java.util.Map.of("Kasse 1", "Ja", "Billettluke", "Ja", "Inngang", "Nei"), shown, list);
  }

  @Test
  void theButtonBesideTheFlagMarksATerminalTheOtherWayThroughTheSessionsFormOnly() throws Exception {
    String admin = signIn(w.scheme.name() + "-admin");
    String cookie = Gate.SESSION_COOKIE + "=" + admin;
    String till = w.terminal.terminalId();
    String page = get("/venues/" + w.venueId, admin).body();
    assertTrue(page.contains("action=\"" + Dashboard.ROOT + "/terminals/" + till + "/staffed\""), page);
    assertTrue(page.contains("name=\"staffed\" value=\"false\""), "a staffed till is offered the other way");

    String path = "/terminals/" + till + "/staffed";
    assertEquals(403, post(path, cookie, "staffed=false").statusCode(), "no CSRF token");
    assertEquals(400, post(path, cookie, "csrf=" + enc(MaskedCsrf.of(admin)) + "&staffed=no").statusCode());
    assertTrue(ts.server.terminals.get(till).staffed(), "refused forms change nothing");

    HttpResponse<String> marked = post(path, cookie, "csrf=" + enc(MaskedCsrf.of(admin)) + "&staffed=false");
    assertEquals(302, marked.statusCode());
    assertEquals(Dashboard.ROOT + "/venues/" + w.venueId, marked.headers().firstValue("Location").orElseThrow());
    assertFalse(ts.server.terminals.get(till).staffed());
    assertTrue(get("/venues/" + w.venueId, admin).body().contains("name=\"staffed\" value=\"true\""));

    new World(ts, "Annenby");
    String otherAdmin = signIn("Annenby-admin");
    assertEquals(403, post(path, Gate.SESSION_COOKIE + "=" + otherAdmin, "csrf=" + enc(MaskedCsrf.of(otherAdmin))
        + "&staffed=true").statusCode(), "another scheme's administrator");
    assertFalse(ts.server.terminals.get(till).staffed());
  }

  @Test
  void anAdministratorRevokesAStolenTerminalOrGivesItANewCodeFromTheVenuePage() throws Exception {
    String admin = signIn(w.scheme.name() + "-admin");
    String cookie = Gate.SESSION_COOKIE + "=" + admin;
    String csrf = "csrf=" + enc(MaskedCsrf.of(admin));
    no.klipp.protocol.sync.EnrollResponse entrance = w.enroll(w.venueId, "Inngang", false);
    String page = get("/venues/" + w.venueId, admin).body();
    assertTrue(page.contains("action=\"" + Dashboard.ROOT + "/terminals/" + entrance.terminalId() + "/revoke\""), page);

    assertEquals(403, post("/terminals/" + entrance.terminalId() + "/revoke", cookie, "").statusCode(), "no CSRF");
    new World(ts, "Annenby");
    String otherAdmin = signIn("Annenby-admin");
    assertEquals(403, post("/terminals/" + entrance.terminalId() + "/revoke", Gate.SESSION_COOKIE + "=" + otherAdmin,
        "csrf=" + enc(MaskedCsrf.of(otherAdmin))).statusCode(), "another scheme's administrator");
    assertEquals(200, ts.client.get(no.klipp.protocol.sync.ApiPaths.LEDGER_SNAPSHOT, entrance.token()).status());

    HttpResponse<String> revoked = post("/terminals/" + entrance.terminalId() + "/revoke", cookie, csrf);
    assertEquals(302, revoked.statusCode());
    assertEquals("REVOKED", ts.server.terminals.get(entrance.terminalId()).state().name());
    assertEquals(403, ts.client.get(no.klipp.protocol.sync.ApiPaths.LEDGER_SNAPSHOT, entrance.token()).status(),
        "its next call is refused");
    assertFalse(get("/venues/" + w.venueId, admin).body()
        .contains("/terminals/" + entrance.terminalId() + "/revoke"), "a revoked terminal has no buttons");

    String till = w.terminal.terminalId();
    HttpResponse<String> rotated = post("/terminals/" + till + "/rotate", cookie, csrf);
    assertEquals(200, rotated.statusCode());
    Matcher code = Pattern.compile("id=\"enrollment-code\">([^<]+)<").matcher(rotated.body());
    assertTrue(code.find(), rotated.body());
    assertEquals(401, ts.client.get(no.klipp.protocol.sync.ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).status(),
        "the old token stops at once");
    no.klipp.protocol.sync.EnrollResponse again = ts.server.terminals.enroll(
        new no.klipp.protocol.sync.EnrollRequest(code.group(1), "t2"));
    assertEquals(till, again.terminalId(), "the same terminal, enrolled again with the new code");
    assertEquals(200, ts.client.get(no.klipp.protocol.sync.ApiPaths.LEDGER_SNAPSHOT, again.token()).status());
  }
}
