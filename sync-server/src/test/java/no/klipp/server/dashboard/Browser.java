package no.klipp.server.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real headless Chromium (Debian's package) driven by Selenium, with a download folder; one per test class. */
final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String BINARY = "/usr/bin/chromium";
  private static final String DRIVER = "/usr/bin/chromedriver";

  final Path downloads;
  private final Path profile;
  private final ChromeDriver driver;

  Browser() {
    if (!Files.isExecutable(Path.of(BINARY)) || !Files.isExecutable(Path.of(DRIVER))) {
      throw new IllegalStateException(
          "dashboard tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver");
    }
    try {
      profile = Files.createTempDirectory("klipp-dashboard-chromium-");
      downloads = Files.createTempDirectory("klipp-dashboard-downloads-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=nb");
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  /**
   * The element's text, looked up afresh until it can be read: a page that has just loaded may
   * still be swapping its document, and an element found a moment too early no longer belongs to it.
   */
  String text(String id) {
    return new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(20)).withMessage("text of " + id)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.WebDriverException.class)
        .until(d -> d.findElement(By.id(id)).getText());
  }

  void type(String id, String text) {
    WebElement e = byId(id);
    e.clear();
    e.sendKeys(text);
  }

  /** Clicks a button or link that loads a new page, and waits until the new page is there. */
  void click(String id) {
    WebElement old = driver.findElement(By.tagName("html"));
    byId(id).click();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(20));
    // The old page is gone once its root can no longer be asked anything. Chrome says so with a stale
    // element or, while the new document is being swapped in, "Node ... does not belong to the
    // document": both mean gone (Selenium's own stalenessOf knows only the first).
    wait.withMessage("page after " + id).until(d -> {
      try {
        old.isEnabled();
        return false;
      } catch (org.openqa.selenium.WebDriverException gone) {
        return true;
      }
    });
    // The old page is gone; wait for the new one to finish loading before anything is looked up in it.
    wait.withMessage("page after " + id + " loaded")
        .until(d -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  String title() {
    return driver.findElement(By.tagName("h1")).getText();
  }

  /** Waits for a file named like {@code suffix} to finish downloading; answers it. */
  Path download(String suffix) {
    new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50)).withMessage("download " + suffix)
        .until(d -> find(suffix) != null);
    return find(suffix);
  }

  private Path find(String suffix) {
    try (var files = Files.list(downloads)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves the whole page as target/screenshots/{name}.png, a test artefact. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, (int) Math.min(4000, height + 20)));
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    for (Path dir : new Path[] {profile, downloads}) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // A leftover temporary directory is harmless.
      }
    }
  }
}
