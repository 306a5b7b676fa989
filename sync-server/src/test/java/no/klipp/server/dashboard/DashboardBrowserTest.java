package no.klipp.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.auth.Role;
import no.klipp.server.db.Dialect;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import no.klipp.server.venue.Category;
import no.klipp.server.venue.VenueRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real headless Chromium, on each database: an administrator signs in, sets up
 * a venue, an offer and a terminal, issues cards; a terminal enrolled with the code the page showed
 * uploads visits through the real sync API; the statistics show them; the refund CSV downloads and
 * adds up; a venue user is refused another venue's pages. Screenshots go to target/screenshots.
 */
class DashboardBrowserTest {

  /** Words that must never appear on a page: they would say why a child holds the card. */
  private static final List<String> NEVER = List.of("fattig", "lavinntekt", "lav inntekt", "sosialhjelp", "stønad",
      "trygd", "nav-", "poverty", "poor", "low-income", "low income", "welfare", "benefit", "needy");

  private static Browser browser;

  @BeforeAll
  static void start() {
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void signInSetUpIssueSyncSeeStatisticsDownloadRefundsAndStayInOwnVenue(Dialect dialect) throws Exception {
    try (TestServer ts = new TestServer(dialect)) {
      String tag = dialect.name().toLowerCase(Locale.ROOT);
      String base = "http://127.0.0.1:" + ts.server.http.port() + Dashboard.ROOT;
      Scheme scheme = ts.scheme("Kulturkortet " + tag);
      browser.driver().manage().deleteAllCookies();

      // Signing in: the dashboard sends a visitor without a session to the sign-in page.
      browser.open(base + "/stats?lang=nb");
      assertEquals("Logg inn", browser.title());
      browser.type("username", scheme.name() + "-admin");
      browser.type("password", "wrong password!");
      browser.click("signin");
      assertTrue(browser.driver().getPageSource().contains("Feil brukernavn eller passord"));
      signIn(scheme.name() + "-admin");
      assertTrue(browser.title().startsWith("Statistikk"), browser.title());
      assertEquals("0", browser.text("stat-visits"));
      assertSessionCookieIsHttpOnlyAndStrict();

      // A venue with an offer and a registered terminal.
      browser.open(base + "/venues");
      browser.type("venue-name", "Kino Sentrum");
      browser.click("save-venue");
      String venueUrl = browser.driver().getCurrentUrl();
      String venueId = venueUrl.substring(venueUrl.lastIndexOf('/') + 1);
      browser.type("offer-name", "Kinobillett");
      browser.type("offer-quota", "5");
      browser.type("offer-price", "120");
      browser.click("save-offer");
      assertTrue(browser.text("offers").contains("Kinobillett"));
      browser.type("terminal-name", "Kasse 1");
      browser.byId("terminal-staffed").click();
      browser.click("register");
      String code = browser.text("enrollment-code");
      assertTrue(browser.driver().findElement(By.cssSelector("main svg path")).getDomAttribute("d").length() > 100,
          "the code is drawn as a QR code too");
      browser.screenshot(tag + "-03-enrollment-code");

      // The terminal enrolls with that code through the real sync API.
      Client.Response enrolled = ts.client.post(ApiPaths.ENROLL, null, Map.of("code", code, "softwareVersion", "1.4.2"));
      assertEquals(200, enrolled.status(), enrolled.toString());
      EnrollResponse terminal = enrolled.as(EnrollResponse.class);
      String offerId = ts.server.offers.ofVenue(venueId).getFirst().id();

      // Issuing: one card, then five more in a batch.
      browser.open(base + "/cards");
      browser.type("firstName", "Ada");
      browser.type("birthYear", "2015");
      browser.click("issue");
      assertTrue(browser.driver().getPageSource().contains("Kortet er utstedt"));
      List<String> cards = new ArrayList<>();
      cards.add(browser.driver().findElement(By.cssSelector("#card td")).getText().replace(" ", ""));
      browser.screenshot(tag + "-04-card-issued");
      browser.click("replace");
      assertTrue(browser.driver().getPageSource().contains("Kortet er erstattet"));
      assertTrue(browser.text("card").contains("Kortversjon 2"), browser.text("card"));
      browser.open(base + "/cards");
      browser.type("batch", "Ola, 2014\nKari, 2016\nNoor, 2013\nLiam, 2017\nEmma, 2012");
      browser.click("issue-batch");
      for (WebElement link : browser.driver().findElements(By.cssSelector("#cards td a"))) {
        cards.add(link.getText().replace(" ", ""));
      }
      assertEquals(6, cards.size());

      // Seven visits by six children, one with two companions, one voided at the desk.
      List<Visit> visits = new ArrayList<>();
      long seq = 0;
      for (String card : cards) {
        visits.add(visit(++seq, VisitKind.ADMISSION, null, card, offerId, terminal, ts, card.equals(cards.get(1)) ? 2 : 0));
      }
      visits.add(visit(++seq, VisitKind.ADMISSION, null, cards.get(0), offerId, terminal, ts, 0));
      Visit mistaken = visit(++seq, VisitKind.ADMISSION, null, cards.get(2), offerId, terminal, ts, 1);
      visits.add(mistaken);
      visits.add(visit(++seq, VisitKind.VOID, mistaken.id(), cards.get(2), offerId, terminal, ts, 0));
      Client.Response ack = ts.client.post(ApiPaths.VISITS, terminal.token(),
          new VisitBatch(terminal.terminalId(), visits, new TerminalReport("1.4.2", 0, 120L)));
      assertEquals(200, ack.status(), ack.toString());

      // Statistics come by whole months, each a week after it ends: March's are out on 8 April.
      ts.clock.set(java.time.Instant.parse("2026-04-08T09:00:00Z"));
      browser.open(base + "/stats?year=2026");
      assertEquals("Logg inn", browser.title(), "the session of 2 March has expired");
      signIn(scheme.name() + "-admin");
      browser.open(base + "/stats?year=2026");
      assertEquals("7", browser.text("stat-visits"));
      assertEquals("6", browser.text("stat-holders"));
      assertEquals("2", browser.text("stat-companions"));
      assertEquals("100,0 %", browser.text("stat-share"));
      assertTrue(browser.text("table-venues").contains("Kino Sentrum 7 2"), browser.text("table-venues"));
      browser.screenshot(tag + "-05-statistics");
      ts.clock.set(TestServer.START);

      // Refunds: 7 visits and 2 companion tickets at 120 kr, refunded 100 %.
      browser.open(base + "/refunds");
      assertEquals("1080.00", browser.text("refund-total"));
      browser.screenshot(tag + "-06-refunds");
      browser.driver().findElement(By.partialLinkText("CSV")).click();
      Path csv = browser.download(".csv");
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      assertEquals(3, lines.size(), lines.toString());
      String[] line = lines.get(1).split(",");
      assertEquals(List.of("Kino Sentrum", "Kinobillett", "120.00", "100", "7", "2", "2", "1080.00"), List.of(line));
      String[] total = lines.get(2).split(",", -1);
      assertEquals("7", total[4]);
      assertEquals("1080.00", total[7]);
      long sum = 0;
      for (String l : lines.subList(1, lines.size() - 1)) {
        String[] f = l.split(",");
        sum += Math.round(Double.parseDouble(f[7]) * 100);
        assertEquals(Math.round((Long.parseLong(f[4]) + Long.parseLong(f[6])) * Double.parseDouble(f[2])
            * Long.parseLong(f[3])), Math.round(Double.parseDouble(f[7]) * 100), "amount = units × price × share");
      }
      assertEquals(sum, Math.round(Double.parseDouble(total[7]) * 100));
      Files.delete(csv);

      // The fleet: the terminal shows its version, clock offset and the visits it still holds.
      browser.open(base + "/terminals");
      assertTrue(browser.text("terminals").contains("1.4.2"), browser.text("terminals"));
      assertTrue(browser.text("terminals").contains("+0.1 s"), browser.text("terminals"));
      assertEquals("Ja", browser.driver().findElement(By.cssSelector("#terminals td.staffed .flag")).getText(),
          "registered as a staffed desk with the form's box");
      // A second terminal last heard from two days ago stands out.
      ts.clock.set(TestServer.START.minus(java.time.Duration.ofDays(2)));
      String code2 = ts.server.terminals.register(venueId, "Kasse 2", false).enrollmentCode();
      EnrollResponse quiet = ts.server.terminals.enroll(new no.klipp.protocol.sync.EnrollRequest(code2, "1.3.0"));
      assertEquals(200, ts.client.post(ApiPaths.VISITS, quiet.token(),
          new VisitBatch(quiet.terminalId(), List.of(), new TerminalReport("1.3.0", 12, -4000L))).status());
      ts.clock.set(TestServer.START);
      browser.open(base + "/terminals");
      assertEquals(1, browser.driver().findElements(By.cssSelector("tr.silent")).size(), "silent for two days");
      assertTrue(browser.driver().findElement(By.cssSelector("tr.silent")).getText().contains("Kasse 2"));
      browser.screenshot(tag + "-07-terminals");

      // English.
      browser.open(base + "/stats?lang=en");
      assertTrue(browser.title().startsWith("Statistics"), browser.title());
      browser.open(base + "/stats?lang=nb");

      // A venue user sees their own venue and refunds, and is refused another venue's pages.
      String other = ts.server.venues.create(scheme.id(), new VenueRequest("Badeland", Category.POOL)).id();
      ts.user(scheme.id(), "kino-" + tag, Role.VENUE, venueId);
      browser.click("signout-button");
      signIn("kino-" + tag);
      assertEquals("Kino Sentrum", browser.title());
      browser.open(base + "/venues/" + other);
      assertTrue(browser.driver().getPageSource().contains("Du har ikke tilgang"), "other venue refused");
      browser.screenshot(tag + "-08-venue-user-refused");
      browser.open(base + "/refunds?venue=" + other);
      assertTrue(browser.driver().getPageSource().contains("Du har ikke tilgang"), "other venue's refunds refused");
      browser.open(base + "/stats");
      assertTrue(browser.driver().getPageSource().contains("Du har ikke tilgang"), "scheme statistics refused");
      browser.open(base + "/refunds");
      assertEquals("1080.00", browser.text("refund-total"));
    }
  }

  private static void signIn(String username) {
    browser.type("username", username);
    browser.type("password", TestServer.PASSWORD);
    browser.click("signin");
    String page = browser.driver().getPageSource().toLowerCase(Locale.ROOT);
    for (String word : NEVER) {
      assertFalse(page.contains(word), "the page says '" + word + "'");
    }
  }

  private static void assertSessionCookieIsHttpOnlyAndStrict() {
    org.openqa.selenium.Cookie c = browser.driver().manage().getCookieNamed("klipp_session");
    assertTrue(c != null && c.isHttpOnly(), "session cookie is HttpOnly");
    assertEquals("Strict", c.getSameSite());
  }

  private static Visit visit(long seq, VisitKind kind, UUID refersTo, String card, String offerId,
      EnrollResponse terminal, TestServer ts, int companions) {
    return new Visit(UUID.randomUUID(), seq, kind, refersTo, card, 1, offerId, terminal.venueId(),
        terminal.terminalId(), ts.clock.instant().minusSeconds(600 - seq), companions, java.util.Set.of());
  }
}
