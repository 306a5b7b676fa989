package no.klipp.terminal.feedback;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A display that goes back to its idle text ("hold your card here") a while after each verdict,
 * so the next child does not read the previous child's answer.
 */
public final class IdleLcd implements Lcd {

  /** The idle text of the entrance display. */
  public static final String TOP = "Hold kortet her";
  public static final String BOTTOM = "eller vis koden";

  private final Lcd lcd;
  private final Duration after;
  private final Pacer pacer;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("lcd-idle").factory());
  private Future<?> pending;

  /** Wraps {@code lcd}; it shows the idle text now and {@code after} each verdict. */
  public IdleLcd(Lcd lcd, Duration after, Pacer pacer) {
    this.lcd = Objects.requireNonNull(lcd, "lcd == null");
    this.after = Objects.requireNonNull(after, "after == null");
    this.pacer = Objects.requireNonNull(pacer, "pacer == null");
    lcd.show(TOP, BOTTOM);
  }

  @Override
  public synchronized void show(String top, String bottom) {
    if (pending != null) {
      pending.cancel(true);
    }
    lcd.show(top, bottom);
    pending = worker.submit(() -> {
      try {
        pacer.pause(after);
      } catch (InterruptedException e) {
        return; // a newer verdict is showing
      }
      synchronized (this) {
        if (!Thread.currentThread().isInterrupted()) {
          lcd.show(TOP, BOTTOM);
        }
      }
    });
  }

  /** Waits until the display is idle again (for tests). */
  void awaitIdle() throws Exception {
    Future<?> current;
    synchronized (this) {
      current = pending;
    }
    if (current != null) {
      try {
        current.get();
      } catch (java.util.concurrent.CancellationException e) {
        // replaced
      }
    }
  }

  @Override
  public void clear() {
    lcd.clear();
  }

  @Override
  public void close() {
    worker.shutdownNow();
    lcd.close();
  }
}
