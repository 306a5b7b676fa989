package no.klipp.terminal.feedback;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A gate or turnstile released by a relay on GPIO; opening again while open restarts the time. */
public final class RelayGate implements Gate {

  private static final Logger log = LoggerFactory.getLogger(RelayGate.class);

  private final Switch relay;
  private final Pacer pacer;
  private final ExecutorService worker;
  private Future<?> running;

  /** A gate released by {@code relay}. */
  public RelayGate(Switch relay, Pacer pacer) {
    this.relay = Objects.requireNonNull(relay, "relay == null");
    this.pacer = Objects.requireNonNull(pacer, "pacer == null");
    this.worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("gate").factory());
  }

  @Override
  public synchronized void open(Duration time) {
    Objects.requireNonNull(time, "time == null");
    if (running != null) {
      running.cancel(true);
    }
    try {
      running = worker.submit(() -> hold(time));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("gate closed; not opened");
    }
  }

  /** Waits until the gate has locked again. */
  public void awaitIdle() throws InterruptedException {
    Future<?> current;
    synchronized (this) {
      current = running;
    }
    if (current != null) {
      try {
        current.get();
      } catch (java.util.concurrent.CancellationException | java.util.concurrent.ExecutionException e) {
        // Replaced by a newer opening, which keeps the gate open.
      }
    }
  }

  private void hold(Duration time) {
    boolean replaced = false;
    try {
      relay.on();
      pacer.pause(time);
    } catch (InterruptedException e) {
      // A newer opening took over; leave the relay on so the gate does not clack shut and open.
      replaced = !worker.isShutdown();
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("gate relay failed: {}", e.toString());
    } finally {
      if (!replaced) {
        relay.off();
      }
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
    relay.off();
  }
}
