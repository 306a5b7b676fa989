package no.klipp.terminal.feedback;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A display written on its own thread, so that a slow I2C display (about 25 ms for two lines)
 * never delays the verdict, and that goes back to its idle text ("hold your card here") a while
 * after each verdict, so the next child does not read the previous child's answer.
 */
public final class IdleLcd implements Lcd {

  private static final Logger log = LoggerFactory.getLogger(IdleLcd.class);

  /** The idle text of the entrance display. */
  public static final String TOP = "Hold kortet her";
  public static final String BOTTOM = "eller vis koden";

  private final Lcd lcd;
  private final Duration after;
  private final Pacer pacer;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("lcd").factory());
  private long generation;
  private Thread timer;

  /** Wraps {@code lcd}; it shows the idle text now and {@code after} each verdict. */
  public IdleLcd(Lcd lcd, Duration after, Pacer pacer) {
    this.lcd = Objects.requireNonNull(lcd, "lcd == null");
    this.after = Objects.requireNonNull(after, "after == null");
    this.pacer = Objects.requireNonNull(pacer, "pacer == null");
    write(TOP, BOTTOM);
  }

  @Override
  public synchronized void show(String top, String bottom) {
    long shown = ++generation;
    if (timer != null) {
      timer.interrupt(); // only the timer: a write in progress is never cut
    }
    write(top, bottom);
    timer = Thread.ofVirtual().name("lcd-idle").start(() -> {
      try {
        pacer.pause(after);
      } catch (InterruptedException e) {
        return; // a newer verdict is showing
      }
      synchronized (this) {
        if (generation == shown) {
          write(TOP, BOTTOM);
        }
      }
    });
  }

  private void write(String top, String bottom) {
    try {
      writer.execute(() -> lcd.show(top, bottom));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("display closed; not shown: {}", top);
    }
  }

  /** Waits until the idle text is back on the display (for tests). */
  void awaitIdle() throws Exception {
    Thread t;
    synchronized (this) {
      t = timer;
    }
    if (t != null) {
      t.join();
    }
    writer.submit(() -> {}).get(); // every write queued so far is done
  }

  @Override
  public void clear() {
    writer.execute(lcd::clear);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (timer != null) {
        timer.interrupt();
      }
    }
    writer.shutdown();
    try {
      writer.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lcd.close();
  }
}
