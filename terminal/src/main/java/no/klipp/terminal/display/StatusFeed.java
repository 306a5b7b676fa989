package no.klipp.terminal.display;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the terminal's status every so often and puts it on the screen's status line when it changes. */
public final class StatusFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatusFeed.class);

  private final Semaphore wake = new Semaphore(0);
  private Thread thread;

  private StatusFeed() {}

  /** Reads the status now rather than at the next tick, e.g. right after a visit was recorded. */
  public void refresh() {
    if (wake.availablePermits() == 0) {
      wake.release();
    }
  }

  /** Starts polling {@code status} every {@code every} for {@code display}. */
  public static StatusFeed start(Supplier<StatusView> status, Duration every, Display display) {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(display, "display == null");
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("every <= 0: " + every);
    }
    StatusFeed feed = new StatusFeed();
    feed.thread =
        Thread.ofVirtual()
            .name("display-status")
            .start(
                () -> {
                  StatusView shown = null;
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      StatusView now = status.get();
                      if (!now.equals(shown)) {
                        display.status(now);
                        shown = now;
                      }
                      // The mode follows the ledger's staffed flag within a tick, scan or not.
                      display.current();
                    } catch (RuntimeException e) {
                      // The status line is advisory; a failed read must not stop the next one.
                      log.warn("Display status not read: {}", e.toString());
                    }
                    try {
                      feed.wake.tryAcquire(every.toMillis(), TimeUnit.MILLISECONDS);
                      feed.wake.drainPermits();
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    return feed;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
