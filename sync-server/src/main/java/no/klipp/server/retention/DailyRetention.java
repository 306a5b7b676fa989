package no.klipp.server.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Retention} once a day on a background thread. The thread only wakes up now and
 * then; whether a run is due is decided by the injected clock's date (UTC), so a run that failed is
 * tried again at the next wake-up, and a restarted server runs once on its first.
 */
public final class DailyRetention implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DailyRetention.class);

  private final Retention retention;
  private final Clock clock;
  private final ScheduledExecutorService background;
  private LocalDate lastRun;

  /** Checks whether a run is due {@code firstAfter} from now and every {@code every} after. */
  public DailyRetention(Retention retention, Clock clock, Duration firstAfter, Duration every) {
    this.retention = retention;
    this.clock = clock;
    this.background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "retention");
      t.setDaemon(true);
      return t;
    });
    background.scheduleWithFixedDelay(this::runIfDue, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs the retention unless it already ran on the clock's date; answers whether it ran. */
  synchronized boolean runIfDue() {
    LocalDate today = LocalDate.now(clock);
    if (today.equals(lastRun)) {
      return false;
    }
    try {
      retention.run(false);
      lastRun = today;
      return true;
    } catch (RuntimeException e) {
      // Whole chunks are done, the rest stays for the next wake-up.
      log.warn("Retention run failed; will retry: {}", e.toString());
      return false;
    }
  }

  /** Stops the background thread (a chunk in progress finishes or rolls back). */
  @Override
  public void close() {
    background.shutdownNow();
  }
}
