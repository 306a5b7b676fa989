package no.klipp.terminal.display;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.protocol.bench.BenchReport;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.SnapshotImport;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.ValidationConfig;
import no.klipp.terminal.validation.Validator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;

/**
 * scan-to-screen: from a QR scan entering the agent ({@link Screen#validate}: credential check,
 * ledger write, event pushed) to the verdict painted in headless Chromium.
 *
 * <p>Method: Java reads the wall clock (microseconds) just before handing the scan in; the page
 * reads {@code performance.timeOrigin + performance.now()} in a task posted from the
 * requestAnimationFrame callback of the frame that renders the new verdict, i.e. right after that
 * frame's style, layout and paint on the main thread. The two clocks are the same system clock
 * read by two processes; their offset is measured by round trips through WebDriver, keeping the
 * one with the shortest round trip, whose half is the bound on the offset's error. Not included:
 * compositing and scan-out to the panel (up to one more frame, ~17 ms at 60 Hz), and the reader's
 * own time to decode a code.
 */
@Tag("bench")
class ScanToScreenBench {

  private static final int CARDS = 2_000;
  private static final int WARMUP = 50;
  private static final int SAMPLES = 400;
  private static final int CALIBRATIONS = 200;

  /** Resolves with [paintedAt, receivedAt] once the page has painted an event other than {@code arguments[0]}. */
  private static final String AWAIT_PAINT =
      "const before = arguments[0], done = arguments[1], body = document.body;"
          + "const check = () => (body.dataset.paintedId || '') !== before"
          + " && (done([Number(body.dataset.paintedAt), Number(body.dataset.receivedAt)]), true);"
          + "if (!check()) { const o = new MutationObserver(() => { if (check()) o.disconnect(); });"
          + " o.observe(body, {attributes: true, attributeFilter: ['data-painted-id']}); }";

  @TempDir Path dir;

  @Test
  void scanToScreen() throws Exception {
    Instant now = Instant.now();
    Fixtures fixtures = new Fixtures();
    fixtures.offers.add(Fixtures.offer("cinema", null, QuotaPeriod.CALENDAR_YEAR));
    for (int i = 1; i <= CARDS; i++) {
      fixtures.cards.add(Fixtures.card(i));
    }
    String[] qr = new String[WARMUP + SAMPLES];
    for (int i = 0; i < qr.length; i++) {
      qr[i] = Fixtures.qr(i + 1);
    }
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(fixtures.snapshot(), now);
      // The fixtures' cards are valid in 2026-2027; validate as of a fixed day in that range.
      Clock clock = Clock.fixed(Instant.parse("2026-06-15T12:00:00Z"), java.time.ZoneOffset.UTC);
      Validator validator =
          new Validator(ledger, ValidationConfig.defaults("bench"), new TimeKeeper(clock, Validator.savedMark(ledger)),
              new Random(1), () -> Optional.of(clock.instant()));
      try (Screen screen = Screen.start(new DisplayConfig(true, 0, DisplayMode.STAFF, Language.NB), validator, ledger,
              clock, new Random());
          Chromium chromium = new Chromium()) {
        chromium.open("http://localhost:" + screen.port() + "/");
        Calibration calibration = calibrate(chromium);

        double[] total = new double[SAMPLES];
        double[] agent = new double[SAMPLES];
        double[] render = new double[SAMPLES];
        int admitted = 0;
        for (int i = 0; i < qr.length; i++) {
          String before = (String) chromium.script("return document.body.dataset.paintedId || ''");
          long t0 = micros();
          boolean yes = screen.validate(new Scan.Qr(qr[i])).admitted();
          long t1 = micros();
          // One call that returns once the page has painted: no polling to load the page meanwhile.
          List<?> times = (List<?>) ((JavascriptExecutor) chromium.driver()).executeAsyncScript(AWAIT_PAINT, before);
          double paintedAt = ((Number) times.get(0)).doubleValue();
          double receivedAt = ((Number) times.get(1)).doubleValue();
          if (i >= WARMUP) {
            int k = i - WARMUP;
            total[k] = (paintedAt - calibration.offsetMillis) - t0 / 1000.0;
            agent[k] = (t1 - t0) / 1000.0;
            render[k] = paintedAt - receivedAt;
            admitted += yes ? 1 : 0;
          }
        }
        BenchReport.named("scan-to-screen", "ms")
            .value(BenchReport.median(total))
            .p99(BenchReport.quantile(total, 0.99))
            .baseline(BenchReport.median(agent))
            .figure("p95", BenchReport.quantile(total, 0.95))
            .figure("max", BenchReport.quantile(total, 1.0))
            .figure("agent_median_ms", BenchReport.median(agent))
            .figure("agent_p99_ms", BenchReport.quantile(agent, 0.99))
            .figure("page_receive_to_paint_median_ms", BenchReport.median(render))
            .figure("page_receive_to_paint_p99_ms", BenchReport.quantile(render, 0.99))
            .figure("clock_offset_ms", calibration.offsetMillis)
            .figure("clock_offset_error_bound_ms", calibration.errorMillis)
            .figure("goal_ms", 100)
            .param("samples", SAMPLES)
            .param("warmup", WARMUP)
            .param("admitted", admitted)
            .param("ledger_cards", CARDS)
            .param("loadavg", loadAverage())
            .param("path", "Screen.validate(QR) -> Validator (Ed25519 verify, SQLite write) -> SSE -> Chromium paint")
            .param("baseline", "agent side only: scan in to verdict recorded and event queued")
            .param("browser", "headless Chromium (Debian), 1280x800, one page")
            .param("excludes", "compositor/scan-out to the panel (<= ~1 frame), reader decode time")
            .write();
      }
    }
  }

  /** The machine's load while measuring: other builds share these cores and widen the tail. */
  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private record Calibration(double offsetMillis, double errorMillis) {}

  /** Page clock minus JVM clock, from the round trip with the least delay. */
  private static Calibration calibrate(Chromium chromium) {
    double bestRoundTrip = Double.MAX_VALUE;
    double offset = 0;
    for (int i = 0; i < CALIBRATIONS; i++) {
      long before = micros();
      double page = ((Number) chromium.script("return performance.timeOrigin + performance.now()")).doubleValue();
      long after = micros();
      double roundTrip = (after - before) / 1000.0;
      if (roundTrip < bestRoundTrip) {
        bestRoundTrip = roundTrip;
        offset = page - (before + after) / 2000.0;
      }
    }
    return new Calibration(offset, bestRoundTrip / 2);
  }
}
