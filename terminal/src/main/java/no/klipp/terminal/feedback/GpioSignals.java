package no.klipp.terminal.feedback;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Green and red LEDs and an active buzzer on GPIO; a new signal cuts the running one short. */
public final class GpioSignals implements Signals {

  private static final Logger log = LoggerFactory.getLogger(GpioSignals.class);

  private final Switch green;
  private final Switch red;
  private final Switch buzzer;
  private final Duration light;
  private final Pacer pacer;
  private final ExecutorService worker;
  private Future<?> running;

  /** Signals on the three outputs; each light stays on for {@code light}. */
  public GpioSignals(Switch green, Switch red, Switch buzzer, Duration light, Pacer pacer) {
    this.green = Objects.requireNonNull(green, "green == null");
    this.red = Objects.requireNonNull(red, "red == null");
    this.buzzer = Objects.requireNonNull(buzzer, "buzzer == null");
    this.light = Objects.requireNonNull(light, "light == null");
    this.pacer = Objects.requireNonNull(pacer, "pacer == null");
    this.worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("signals").factory());
  }

  @Override
  public void admitted() {
    play(green, SignalPattern.admitted(light));
  }

  @Override
  public void refused() {
    play(red, SignalPattern.refused(light));
  }

  @Override
  public void error() {
    play(red, SignalPattern.error(light));
  }

  /** Waits until the current signal has finished (for tests and an orderly shutdown). */
  public void awaitIdle() throws InterruptedException {
    Future<?> current;
    synchronized (this) {
      current = running;
    }
    if (current != null) {
      try {
        current.get();
      } catch (java.util.concurrent.CancellationException | java.util.concurrent.ExecutionException e) {
        // Replaced or failed: either way nothing is running any more.
      }
    }
  }

  private synchronized void play(Switch lamp, SignalPattern pattern) {
    if (running != null) {
      // The newest verdict is the one that matters: the child in front of the reader now.
      running.cancel(true);
    }
    try {
      running = worker.submit(() -> run(lamp, pattern));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("signals closed; not shown");
    }
  }

  private void run(Switch lamp, SignalPattern pattern) {
    try {
      allOff();
      lamp.on();
      List<Duration> beeps = pattern.beeps();
      for (int i = 0; i < beeps.size(); i++) {
        if (i % 2 == 0) {
          buzzer.on();
        } else {
          buzzer.off();
        }
        pacer.pause(beeps.get(i));
      }
      buzzer.off();
      Duration rest = pattern.light().minus(pattern.sound());
      if (rest.isPositive()) {
        pacer.pause(rest);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("signal output failed: {}", e.toString());
    } finally {
      allOff();
    }
  }

  private void allOff() {
    green.off();
    red.off();
    buzzer.off();
  }

  @Override
  public void close() {
    worker.shutdownNow();
    allOff();
  }
}
