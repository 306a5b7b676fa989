package no.klipp.terminal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/** The unattended entrance screen for children, in a real headless Chromium. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntranceScreenBrowserTest {

  private static final VerdictView ADMITTED_WITH_FRIEND =
      new VerdictView(
          true, VerdictReason.ADMITTED, 1, 0, 4, new OfferChoice("pool", "Svømmehall"), List.of(), false,
          new Holder("Sigrid", 2016));

  private Chromium chromium;
  private Display display;
  private DisplayServer server;

  @BeforeAll
  void start() throws IOException {
    chromium = new Chromium();
    display = new Display(DisplayMode.ENTRANCE, new Random());
    server =
        DisplayServer.start(
            new DisplayConfig(true, 0, DisplayMode.ENTRANCE, Language.NB), display, new FakeDesk(),
            new Messages(), Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    server.close();
    chromium.close();
  }

  @BeforeEach
  void freshPage() {
    // A fresh page each test: the venue language, the welcome screen.
    chromium.open("http://localhost:" + server.port() + "/");
  }

  private void show(VerdictView verdict) {
    chromium.awaitPainted(display.show(verdict));
  }

  private String screen() {
    return chromium.body().getDomAttribute("data-screen");
  }

  @Test
  void welcomeScreenInvitesTheChildInTheVenueLanguage() {
    assertEquals("idle", screen());
    assertEquals("Vis kortet ditt her", chromium.text("headline"));
    assertEquals("nb", chromium.script("return document.documentElement.lang"));
    List<String> languages =
        chromium.driver().findElements(By.cssSelector("#languages button")).stream().map(b -> b.getText()).toList();
    assertEquals(List.of("Norsk bokmål", "Norsk nynorsk", "English", "العربية", "Soomaali", "Українська", "Polski", "ትግርኛ"), languages);
    assertFalse(chromium.byId("desk").isDisplayed(), "no desk buttons at the entrance");
    chromium.screenshot("entrance-idle-nb");
  }

  @Test
  void admittedChildSeesGreenHearsYesAndNoName() {
    show(ADMITTED_WITH_FRIEND);
    assertEquals("yes", screen());
    assertEquals("Velkommen inn!", chromium.text("headline"));
    assertEquals("Du og 1 venn", chromium.text("detail"));
    assertEquals("yes", chromium.body().getDomAttribute("data-sound"));
    String page = chromium.driver().getPageSource();
    assertFalse(page.contains("Sigrid"), "no name on the entrance screen");
    assertFalse(page.contains("2016"), "no birth year on the entrance screen");
    assertFalse(chromium.byId("holder").isDisplayed());
    chromium.screenshot("entrance-yes-nb");
  }

  @Test
  void refusedChildIsSentKindlyToTheDeskWithADifferentSound() {
    show(VerdictView.refused(VerdictReason.QUOTA_USED));
    assertEquals("no", screen());
    assertEquals("Gå til skranken, er du snill", chromium.text("headline"));
    assertEquals("no", chromium.body().getDomAttribute("data-sound"));
    String visible = chromium.body().getText();
    assertFalse(visible.contains("besøk"), "the child is not told why in front of friends: " + visible);
    chromium.screenshot("entrance-no-nb");

    show(VerdictView.refused(VerdictReason.INVALID_CODE));
    assertEquals("retry", screen());
    assertEquals("Prøv igjen", chromium.text("headline"));
    assertEquals("retry", chromium.body().getDomAttribute("data-sound"));
    chromium.screenshot("entrance-retry-nb");
  }

  @Test
  void aTerminalNotReadySendsTheChildToTheDeskWithoutBlamingTheCard() {
    show(VerdictView.refused(VerdictReason.NOT_READY));
    assertEquals("wait", screen());
    assertEquals("Maskinen er ikke klar ennå", chromium.text("headline"));
    assertEquals("Spør i skranken, er du snill", chromium.text("detail"));
    assertEquals("wait", chromium.body().getDomAttribute("data-sound"));
    String visible = chromium.body().getText().toLowerCase(java.util.Locale.ROOT);
    assertFalse(visible.contains("kort"), "nothing about the card: " + visible);
    chromium.screenshot("entrance-not-ready-nb");

    chromium.driver().findElement(By.cssSelector("#languages button[data-lang=en]")).click();
    chromium.await("english", d -> "en".equals(chromium.script("return document.documentElement.lang")));
    show(VerdictView.refused(VerdictReason.NOT_READY));
    assertEquals("This machine is not ready yet", chromium.text("headline"));
    assertEquals("Please ask at the desk", chromium.text("detail"));
  }

  @Test
  void verdictMakesWayForTheNextChildAfterAFewSeconds() {
    show(ADMITTED_WITH_FRIEND);
    long shown = System.nanoTime();
    assertEquals("yes", screen());
    chromium.await("back to the welcome", d -> "idle".equals(screen()));
    long heldMillis = (System.nanoTime() - shown) / 1_000_000;
    assertTrue(heldMillis >= 3_500 && heldMillis < 6_000, "held " + heldMillis + " ms");
    assertEquals("Vis kortet ditt her", chromium.text("headline"));
  }

  @Test
  void everyCardGetsTheSameScreenAndSoundForTheSameVerdict() {
    // Whatever the card's origin, the screen sees only the verdict; two cards, one look.
    show(ADMITTED_WITH_FRIEND);
    String first = (String) chromium.script("return document.getElementById('screen').outerHTML");
    show(new VerdictView(true, VerdictReason.ADMITTED, 1, 0, 1, new OfferChoice("x", "Other"), List.of(), false, new Holder("Ali", 2012)));
    String second = (String) chromium.script("return document.getElementById('screen').outerHTML");
    assertEquals(first, second);
  }

  @Test
  void childTapsArabicAndTheScreenRunsRightToLeft() {
    chromium.driver().findElement(By.cssSelector("#languages button[data-lang=ar]")).click();
    chromium.await("arabic", d -> "ar".equals(chromium.script("return document.documentElement.lang")));
    assertEquals("rtl", chromium.script("return document.documentElement.dir"));
    assertEquals("rtl", chromium.script("return getComputedStyle(document.getElementById('headline')).direction"));
    assertEquals("أظهر بطاقتك هنا", chromium.text("headline"));
    assertEquals("true", chromium.byId("languages").findElement(By.cssSelector("[data-lang=ar]")).getDomAttribute("aria-pressed"));
    show(ADMITTED_WITH_FRIEND);
    assertEquals("أهلاً وسهلاً!", chromium.text("headline"));
    assertEquals("أنت وصديق واحد", chromium.text("detail"));
    chromium.screenshot("entrance-yes-ar");
  }

  @Test
  void everyLanguageHasItsOwnWelcome() {
    for (Language language : Language.values()) {
      chromium.driver().findElement(By.cssSelector("#languages button[data-lang=" + language.tag() + "]")).click();
      chromium.await(language.tag(), d -> language.tag().equals(chromium.script("return document.documentElement.lang")));
      assertEquals(language.dir(), chromium.script("return document.documentElement.dir"));
      show(ADMITTED_WITH_FRIEND);
      String words = chromium.text("headline") + " " + chromium.text("detail");
      assertFalse(words.contains("entrance."), language + ": " + words);
      assertTrue(words.contains("1") || language == Language.AR || language == Language.TI || language == Language.UK,
          language + " counts the friend: " + words);
      chromium.screenshot("entrance-yes-" + language.tag());
    }
  }
}
