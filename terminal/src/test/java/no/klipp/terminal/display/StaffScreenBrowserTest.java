package no.klipp.terminal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import no.klipp.protocol.card.CardNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The front-desk screen in a real headless Chromium. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffScreenBrowserTest {

  private static final Holder AMINA = new Holder("Amina", 2015);
  private static final OfferChoice CINEMA = new OfferChoice("cinema", "Cinema ticket");
  private static final OfferChoice POPCORN = new OfferChoice("popcorn", "Popcorn");

  private Chromium chromium;
  private FakeDesk desk;
  private Display display;
  private DisplayServer server;

  @BeforeAll
  void startBrowser() {
    chromium = new Chromium();
  }

  @AfterAll
  void stopBrowser() {
    if (server != null) {
      server.close();
    }
    chromium.close();
  }

  @BeforeEach
  void freshServer() throws IOException {
    if (server != null) {
      server.close();
    }
    desk = new FakeDesk();
    display = new Display(DisplayMode.STAFF, new Random());
    server = serve(0, Language.EN);
    chromium.open("http://localhost:" + server.port() + "/");
  }

  private DisplayServer serve(int port, Language language) throws IOException {
    return DisplayServer.start(
        new DisplayConfig(true, port, DisplayMode.STAFF, language), display, desk, new Messages(),
        Clock.systemUTC());
  }

  private String show(VerdictView verdict) {
    desk.scanned(verdict);
    String id = display.show(verdict);
    chromium.awaitPainted(id);
    return id;
  }

  private static VerdictView admitted(int companions, Integer visitsLeft, List<OfferChoice> offers) {
    return new VerdictView(
        true, VerdictReason.ADMITTED, companions, 0, visitsLeft, offers.isEmpty() ? CINEMA : offers.get(0),
        offers, false, AMINA);
  }

  private String background() {
    return (String) chromium.script("return getComputedStyle(document.body).backgroundColor");
  }

  @Test
  void admittedCardFillsTheScreenWithWhatStaffNeed() {
    show(admitted(1, 3, List.of()));
    assertEquals("yes", chromium.body().getDomAttribute("data-screen"));
    assertEquals("rgb(11, 122, 59)", background());
    assertEquals("Valid card", chromium.text("headline"));
    assertEquals("Card holder + 1 companion. Do not charge.", chromium.text("detail"));
    assertEquals("Amina, born 2015", chromium.text("holder"));
    assertEquals("3 visits left here this period", chromium.text("visits"));
    assertEquals("Offer: Cinema ticket", chromium.text("offer"));
    chromium.screenshot("staff-admitted");

    show(new VerdictView(true, VerdictReason.ADMITTED, 0, 0, 1, CINEMA, List.of(), false, AMINA));
    assertEquals("Card holder only. Do not charge.", chromium.text("detail"));
    assertEquals("1 visit left here this period", chromium.text("visits"));
    show(new VerdictView(true, VerdictReason.ADMITTED, 2, 0, null, CINEMA, List.of(), false, AMINA));
    assertEquals("Card holder + 2 companions. Do not charge.", chromium.text("detail"));
    assertEquals("No limit on visits here", chromium.text("visits"));
  }

  @Test
  void everyRefusalSaysWhyAndWhatStaffCanDo() {
    for (VerdictReason reason : VerdictReason.values()) {
      if (reason == VerdictReason.ADMITTED) {
        continue;
      }
      show(VerdictView.refused(reason));
      String screen = switch (reason) {
        case INVALID_CODE -> "retry";
        case NOT_READY -> "wait";
        default -> "no";
      };
      assertEquals(screen, chromium.body().getDomAttribute("data-screen"), reason.name());
      String headline = switch (reason) {
        case INVALID_CODE -> "Scan again";
        case NOT_READY -> "Terminal not ready";
        default -> "Card not valid now";
      };
      assertEquals(headline, chromium.text("headline"));
      String why = chromium.text("detail");
      String action = chromium.text("advice");
      assertFalse(why.isBlank() || why.startsWith("reason."), reason + ": " + why);
      assertFalse(action.isBlank() || action.startsWith("reason."), reason + ": " + action);
      assertFalse(chromium.byId("add-companion").isEnabled());
      assertFalse(chromium.byId("undo").isEnabled());
      chromium.screenshot("staff-refused-" + reason.name().toLowerCase());
    }
    show(VerdictView.refused(VerdictReason.QUOTA_USED));
    assertEquals("rgb(180, 35, 24)", background());
    assertEquals("All visits for this period are used", chromium.text("detail"));
  }

  @Test
  void aTerminalNotReadyTellsStaffItIsTheTerminalNotTheCard() {
    show(VerdictView.refused(VerdictReason.NOT_READY));
    assertEquals("wait", chromium.body().getDomAttribute("data-screen"));
    assertFalse(background().equals("rgb(180, 35, 24)"), "not the red of a refused card");
    assertEquals("Terminal not ready", chromium.text("headline"));
    assertTrue(chromium.text("detail").contains("cannot check any card"), chromium.text("detail"));
    assertTrue(chromium.text("advice").contains("nothing was counted"), chromium.text("advice"));
    assertEquals("#pic-wait", chromium.byId("pictogram").getDomAttribute("href"));
    assertFalse(chromium.byId("undo").isEnabled());
    chromium.screenshot("staff-not-ready");
  }

  @Test
  void addingACompanionAndUndoingTheVisit() {
    show(admitted(1, 4, List.of()));
    assertEquals("Companions registered: 0 of 1", chromium.text("companions"));
    chromium.byId("add-companion").click();
    chromium.await("companion shown", d -> chromium.text("companions").equals("Companions registered: 1 of 1"));
    assertFalse(chromium.byId("add-companion").isEnabled(), "no more free companions on this offer");

    chromium.byId("undo").click();
    chromium.await("undone", d -> "undone".equals(chromium.body().getDomAttribute("data-screen")));
    assertEquals("Visit undone", chromium.text("headline"));
    assertFalse(chromium.byId("undo").isEnabled());
    chromium.screenshot("staff-undone");
    assertEquals(List.of("companion", "undo"), desk.calls);
  }

  @Test
  void refusedDeskActionIsExplained() {
    // The page believes there is a visit; the desk says there is not (e.g. another page undid it).
    show(admitted(1, 4, List.of()));
    desk.scanned(VerdictView.refused(VerdictReason.EXPIRED));
    chromium.byId("undo").click();
    chromium.await("toast", d -> chromium.byId("toast").isDisplayed());
    assertEquals("No visit to change", chromium.text("toast"));
  }

  @Test
  void choosingTheOfferWhenSeveralApply() {
    show(admitted(1, 2, List.of(CINEMA, POPCORN)));
    List<WebElement> offers = chromium.driver().findElements(By.cssSelector("#offers button"));
    assertEquals(List.of("Cinema ticket", "Popcorn"), offers.stream().map(WebElement::getText).toList());
    assertEquals("true", offers.get(0).getDomAttribute("aria-pressed"));
    chromium.screenshot("staff-choose-offer");
    offers.get(1).click();
    chromium.await(
        "popcorn chosen",
        d -> "true".equals(d.findElement(By.cssSelector("#offers button[data-offer=popcorn]")).getDomAttribute("aria-pressed")));
    assertEquals(List.of("offer popcorn"), desk.calls);
  }

  @Test
  void typedNumberWithAWrongCheckDigitIsRefusedWhileTyping() {
    CardNumber card = CardNumber.fromSerial(20_250_001);
    String wrong = card.digits().substring(0, 9) + (char) ('0' + (card.digits().charAt(9) - '0' + 3) % 10);
    desk.card(card, admitted(1, 5, List.of()));

    chromium.byId("type-number").click();
    WebElement input = chromium.byId("entry-input");
    input.sendKeys(wrong.substring(0, 6));
    assertEquals("partial", chromium.byId("entry-hint").getDomAttribute("data-state"));
    assertEquals("6 of 10 digits", chromium.text("entry-hint"));
    input.sendKeys(wrong.substring(6));
    assertEquals("invalid", chromium.byId("entry-hint").getDomAttribute("data-state"));
    assertEquals("Check digit wrong: check the number", chromium.text("entry-hint"));
    assertFalse(chromium.byId("entry-ok").isEnabled());
    input.sendKeys(Keys.ENTER);
    chromium.screenshot("staff-typed-wrong-check-digit");
    assertTrue(chromium.byId("entry").isDisplayed());
    assertEquals(List.of(), desk.calls, "a wrong number never reaches validation");

    // Correct the last digit on the on-screen keypad, as staff would on the touch screen.
    chromium.driver().findElement(By.cssSelector("#keypad [data-key=back]")).click();
    chromium.driver().findElement(By.cssSelector("#keypad [data-key='" + card.digits().charAt(9) + "']")).click();
    assertEquals(card.formatted(), input.getDomProperty("value"));
    assertEquals("valid", chromium.byId("entry-hint").getDomAttribute("data-state"));
    chromium.byId("entry-ok").click();
    chromium.await("typed card admitted", d -> "yes".equals(chromium.body().getDomAttribute("data-screen")));
    assertFalse(chromium.byId("entry").isDisplayed());
    assertEquals(List.of("typed " + card.digits()), desk.calls);
  }

  @Test
  void statusLineShowsOnlineWaitingVisitsAndLastSync() {
    Instant synced = Instant.now().minusSeconds(60);
    display.status(new StatusView(true, 3, synced));
    chromium.await("status", d -> chromium.text("waiting").equals("3 visits waiting to upload"));
    assertEquals("Online", chromium.text("online"));
    String hhmm = DateTimeFormatter.ofPattern("hh:mm").withZone(ZoneId.systemDefault()).format(synced);
    assertTrue(chromium.text("last-sync").startsWith("Last sync "), chromium.text("last-sync"));
    assertTrue(chromium.text("last-sync").contains(hhmm.substring(3)), chromium.text("last-sync"));
    display.status(new StatusView(false, 1, null));
    chromium.await("offline", d -> chromium.text("online").equals("Offline"));
    assertEquals("1 visit waiting to upload", chromium.text("waiting"));
    assertEquals("Not synced yet", chromium.text("last-sync"));
  }

  @Test
  void pageReconnectsByItselfAfterTheAgentRestarts() throws IOException {
    show(admitted(1, 3, List.of()));
    int port = server.port();
    server.close();
    chromium.await("page notices", d -> "down".equals(chromium.body().getDomAttribute("data-link")));
    assertEquals("Screen reconnecting…", chromium.text("link"));

    // A new agent process: new display state, same port.
    display = new Display(DisplayMode.STAFF, new Random());
    server = serve(port, Language.EN);
    chromium.await("page reconnected", d -> display.pages() == 1);
    String id = display.show(VerdictView.refused(VerdictReason.EXPIRED));
    chromium.awaitPainted(id);
    assertEquals("The card has expired", chromium.text("detail"));
    assertEquals("up", chromium.body().getDomAttribute("data-link"));
  }

  @Test
  void arabicStaffScreenRunsRightToLeft() throws IOException {
    server.close();
    server = serve(0, Language.AR);
    chromium.open("http://localhost:" + server.port() + "/");
    show(admitted(1, 3, List.of()));
    assertEquals("rtl", chromium.script("return document.documentElement.dir"));
    assertEquals("rtl", chromium.script("return getComputedStyle(document.getElementById('headline')).direction"));
    assertEquals("بطاقة صالحة", chromium.text("headline"));
    // Right to left: the pictogram comes first, so it stands at the right, the words to its left.
    WebElement pictogram = chromium.driver().findElement(By.cssSelector("svg.pictogram"));
    WebElement headline = chromium.byId("headline");
    assertTrue(pictogram.getRect().getX() > headline.getRect().getX() + headline.getRect().getWidth() - 1,
        "pictogram at the right of the words");
    chromium.screenshot("staff-admitted-ar");
  }
}
