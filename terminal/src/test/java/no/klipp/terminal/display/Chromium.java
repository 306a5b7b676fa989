package no.klipp.terminal.display;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real headless Chromium (Debian's package) driven by Selenium, one per test class. */
final class Chromium implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String BINARY = "/usr/bin/chromium";
  private static final String DRIVER = "/usr/bin/chromedriver";

  private final Path profile;
  private final ChromeDriver driver;

  Chromium() {
    if (!Files.isExecutable(Path.of(BINARY)) || !Files.isExecutable(Path.of(DRIVER))) {
      throw new IllegalStateException(
          "display tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
    }
    try {
      profile = Files.createTempDirectory("klipp-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile,
        // A common 7-inch kiosk screen; what the kiosk sets up for sound.
        "--window-size=1280,800",
        "--autoplay-policy=no-user-gesture-required",
        "--lang=en");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
    // The page is live once its event stream is open.
    await("page connected", d -> "up".equals(body().getDomAttribute("data-link")));
  }

  WebElement body() {
    return driver.findElement(By.tagName("body"));
  }

  WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Waits until the page has painted the event with this id. */
  void awaitPainted(String eventId) {
    await("event " + eventId + " painted", d -> eventId.equals(body().getDomAttribute("data-painted-id")));
  }

  void await(String what, java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(10))
        .withMessage(what)
        // The page repaints whole parts of the screen; an element read mid-repaint is read again.
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition::apply);
  }

  /** Saves what the screen shows now as target/screenshots/{name}.png, a test artefact. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp profile is harmless.
    }
  }
}
