package no.klipp.terminal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.ledger.SnapshotImport;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.sync.LedgerStatusStore;
import no.klipp.terminal.sync.SyncStatus;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.ValidationConfig;
import no.klipp.terminal.validation.Validator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The agent's real path, scan to screen to desk and back to the ledger, in headless Chromium. */
class ScreenBrowserTest {

  private static final Instant NOW = Instant.parse("2026-03-14T14:00:00Z");

  @TempDir Path dir;
  private final java.util.concurrent.atomic.AtomicInteger recorded = new java.util.concurrent.atomic.AtomicInteger();
  private Ledger ledger;
  private Screen screen;
  private Chromium chromium;

  private Validator open() {
    Fixtures fixtures = new Fixtures();
    fixtures.offers.add(Fixtures.offer("cinema", 5, QuotaPeriod.CALENDAR_YEAR));
    fixtures.offers.add(Fixtures.offer("popcorn", 2, QuotaPeriod.CALENDAR_YEAR));
    fixtures.cards.add(Fixtures.card(1));
    ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE);
    new SnapshotImport(ledger).replace(fixtures.snapshot(), NOW);
    FakeClock clock = new FakeClock(NOW);
    return new Validator(ledger, ValidationConfig.defaults("t-1"), new TimeKeeper(clock, Validator.savedMark(ledger)),
        new Random(42), () -> Optional.of(NOW));
  }

  @AfterEach
  void close() {
    if (chromium != null) {
      chromium.close();
    }
    if (screen != null) {
      screen.close();
    }
    if (ledger != null) {
      ledger.close();
    }
  }

  @Test
  void scanCompanionAndUndoGoThroughTheValidatorIntoTheLedger() throws Exception {
    Validator validator = open();
    screen = Screen.start(new DisplayConfig(true, 0, DisplayMode.STAFF, Language.EN), validator, ledger,
        new FakeClock(NOW), new Random(), recorded::incrementAndGet);
    chromium = new Chromium();
    chromium.open("http://localhost:" + screen.port() + "/");
    // The status line comes from the ledger: the snapshot import counts as the last sync.
    chromium.await("status", d -> chromium.text("last-sync").startsWith("Last sync"));

    assertTrue(screen.validate(new Scan.Qr(Fixtures.qr(1))).admitted());
    chromium.await("verdict", d -> "yes".equals(chromium.body().getDomAttribute("data-screen")));
    assertEquals("Card holder + 1 companion. Do not charge.", chromium.text("detail"));
    assertEquals("Kari, born 2015", chromium.text("holder"));
    assertEquals("4 visits left here this period", chromium.text("visits"));
    assertEquals(List.of("Offer cinema", "Offer popcorn"),
        chromium.driver().findElements(By.cssSelector("#offers button")).stream().map(b -> b.getText()).toList());
    chromium.await("1 visit waiting", d -> chromium.text("waiting").equals("1 visit waiting to upload"));

    chromium.byId("add-companion").click();
    chromium.await("companion", d -> chromium.text("companions").equals("Companions registered: 1 of 1"));
    assertFalse(chromium.byId("add-companion").isEnabled());
    // A card the reader could not read says "scan again" and leaves the visit for the desk's buttons.
    screen.unreadable(no.klipp.terminal.scan.ReadProblem.CARD_REMOVED);
    chromium.await("unreadable", d -> "retry".equals(chromium.body().getDomAttribute("data-screen")));
    assertEquals("Scan again", chromium.text("headline"));
    assertEquals(2, new Outbox(ledger).pending(10).size(), "nothing recorded for an unreadable card");
    screen.validate(new Scan.Qr(Fixtures.qr(1)));
    chromium.await("repeat", d -> "yes".equals(chromium.body().getDomAttribute("data-screen")));
    assertEquals("Counted a moment ago: not counted again.", chromium.text("note"));
    assertEquals("Companions registered: 1 of 1", chromium.text("companions"));

    chromium.byId("undo").click();
    chromium.await("undone", d -> "undone".equals(chromium.body().getDomAttribute("data-screen")));

    List<VisitKind> kinds = new Outbox(ledger).pending(10).stream().map(v -> v.kind()).toList();
    assertEquals(List.of(VisitKind.ADMISSION, VisitKind.COMPANIONS, VisitKind.VOID), kinds);
    chromium.await("3 waiting", d -> chromium.text("waiting").equals("3 visits waiting to upload"));
    assertEquals(4, recorded.get(), "the sync loop is woken after both scans, the companion and the undo");

    // The sync loop reports a successful upload: the status line turns online with its time.
    new LedgerStatusStore(ledger).save(new SyncStatus(0, 0, NOW.plusSeconds(3600), null, NOW.plusSeconds(3600), 0L, true, null));
    chromium.await("online", d -> chromium.text("online").equals("Online"));
  }

  @Test
  void disabledDisplayServesNothingAndStillValidates() throws Exception {
    Validator validator = open();
    screen = Screen.start(DisplayConfig.DEFAULTS, validator, ledger, new FakeClock(NOW), new Random());
    assertEquals(-1, screen.port());
    assertTrue(screen.validate(new Scan.Qr(Fixtures.qr(1))).admitted());
  }

  @Test
  void aTerminalTheServerCallsUnattendedNeverOffersDeskActionsWhateverItsConfigSays() throws Exception {
    Validator validator = open();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    // Registered as a staffed desk: the staff screen's actions work (an undo with nothing to undo is refused).
    LedgerSnapshot staffed = Fixtures.cinema(true);
    new SnapshotImport(ledger).replace(staffed, NOW);
    screen = Screen.start(new DisplayConfig(true, 0, DisplayMode.STAFF, Language.EN), validator, ledger,
        new FakeClock(NOW), new Random(), recorded::incrementAndGet);
    assertEquals(409, deskUndo(http, screen.port()).statusCode());
    // Marked unattended on the server: the next snapshot says so, and the desk is closed at once.
    new SnapshotImport(ledger).replace(Fixtures.cinema(false), NOW);
    java.net.http.HttpResponse<String> refused = deskUndo(http, screen.port());
    assertEquals(403, refused.statusCode());
    assertTrue(refused.body().contains("STAFF_MODE_ONLY"), refused.body());
    screen.close();
    // Started again (as after a reboot) with display.mode=staff: the entrance screen is shown.
    screen = Screen.start(new DisplayConfig(true, 0, DisplayMode.STAFF, Language.EN), validator, ledger,
        new FakeClock(NOW), new Random(), recorded::incrementAndGet);
    String page = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://localhost:" + screen.port() + "/")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(page.contains("data-mode=\"entrance\""), page);
    assertEquals(403, deskUndo(http, screen.port()).statusCode());
  }

  /**
   * A desk marked unattended while the agent runs: the staff page already open in the kiosk becomes
   * the entrance screen by itself, with no name and no verdict kept, and a page connecting after
   * it is not replayed the last child's verdict; marked staffed again, it turns back.
   */
  @Test
  void aStaffPageOpenWhenTheDeskIsMarkedUnattendedBecomesTheEntranceScreenWithoutTheName() throws Exception {
    Validator validator = open();
    new SnapshotImport(ledger).replace(Fixtures.cinema(true), NOW);
    screen = Screen.start(new DisplayConfig(true, 0, DisplayMode.STAFF, Language.EN), validator, ledger,
        new FakeClock(NOW), new Random(), recorded::incrementAndGet);
    chromium = new Chromium();
    chromium.open("http://localhost:" + screen.port() + "/");
    assertTrue(screen.validate(new Scan.Qr(Fixtures.qr(1))).admitted());
    chromium.await("verdict", d -> "Kari, born 2015".equals(chromium.text("holder")));

    new SnapshotImport(ledger).replace(Fixtures.cinema(false), NOW);
    // The status line is refreshed every 2 seconds; the page it tells of the new mode reloads.
    chromium.await("entrance screen", d -> "entrance".equals(chromium.body().getDomAttribute("data-mode")));
    assertFalse(chromium.driver().getPageSource().contains("Kari"), "no name after the change");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<java.io.InputStream> events = http.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://localhost:" + screen.port() + "/events")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = events.body()) {
      // A connecting page gets the status first and, on the staff screen, the last verdict right after.
      StringBuilder seen = new StringBuilder();
      byte[] chunk = new byte[4096];
      while (seen.indexOf("\"type\":\"status\"") < 0) {
        int n = in.read(chunk);
        assertTrue(n > 0, "the stream ended: " + seen);
        seen.append(new String(chunk, 0, n, java.nio.charset.StandardCharsets.UTF_8));
      }
      Thread.sleep(300);
      while (in.available() > 0) {
        seen.append(new String(chunk, 0, in.read(chunk), java.nio.charset.StandardCharsets.UTF_8));
      }
      String received = seen.toString();
      assertTrue(received.contains("\"mode\":\"entrance\""), received);
      assertFalse(received.contains("Kari") || received.contains("verdict"), "no verdict replayed: " + received);
    }
    assertEquals(403, deskUndo(http, screen.port()).statusCode());

    new SnapshotImport(ledger).replace(Fixtures.cinema(true), NOW);
    chromium.await("staff screen again", d -> "staff".equals(chromium.body().getDomAttribute("data-mode")));
    assertEquals(200, deskUndo(http, screen.port()).statusCode(), "the desk works again: Kari's visit is undone");
  }

  private static java.net.http.HttpResponse<String> deskUndo(java.net.http.HttpClient http, int port)
      throws Exception {
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/desk/undo"))
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(""))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }
}
