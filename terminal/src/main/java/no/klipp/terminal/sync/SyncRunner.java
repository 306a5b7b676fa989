package no.klipp.terminal.sync;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SyncLoop} on its own thread: a round, then a wait until the loop's next round is
 * due or, while the server is reachable, until shortly after a new visit ({@link #visitRecorded}).
 * While offline, new visits do not cut the backoff short: the server is not hammered.
 */
public final class SyncRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SyncRunner.class);
  /** How long a stop waits for a round under way before cutting it off. */
  static final Duration ROUND_GRACE = Duration.ofSeconds(5);

  private final SyncLoop loop;
  private final Duration uploadDelay;
  private final Thread thread;
  private final Object lock = new Object();
  private boolean nudged;
  private boolean stopped;

  public SyncRunner(SyncLoop loop, Duration uploadDelay) {
    this.loop = Objects.requireNonNull(loop, "loop == null");
    this.uploadDelay = Objects.requireNonNull(uploadDelay, "uploadDelay == null");
    this.thread = Thread.ofPlatform().name("klipp-sync").daemon(true).unstarted(this::run);
  }

  /** Starts the thread; the first round runs at once. */
  public SyncRunner start() {
    thread.start();
    return this;
  }

  /** A visit was recorded: upload it soon. */
  public void visitRecorded() {
    synchronized (lock) {
      nudged = true;
      lock.notifyAll();
    }
  }

  /** The network came back (e.g. the link went up): try at once and pull changes. */
  public void networkReturned() {
    loop.pullSoon();
    synchronized (lock) {
      nudged = true;
      lock.notifyAll();
    }
  }

  private void run() {
    try {
      while (true) {
        Duration wait = loop.round();
        if (!await(wait)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // Only an error of the JVM itself gets here (a round turns every other failure into a
      // status and a backoff); the terminal keeps admitting offline, and a restart syncs again.
      log.error("Sync thread stopped; syncing resumes when the terminal is restarted", e);
    }
  }

  /** Waits for the next round; false when stopped. */
  private boolean await(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      while (!stopped) {
        if (nudged && loop.online()) {
          nudged = false;
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          nudged = false;
          return true;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      if (stopped) {
        return false;
      }
      // Let visits made together leave together (a stop still ends the wait).
      long until = System.nanoTime() + uploadDelay.toNanos();
      for (long left = uploadDelay.toNanos(); left > 0 && !stopped; left = until - System.nanoTime()) {
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return !stopped;
    }
  }

  /**
   * Stops the thread after its current round; visits still queued stay in the ledger. A round under
   * way is given {@link #ROUND_GRACE} to finish: cutting its call off would leave a problem in the
   * status that the server never had (the terminal would show itself offline after a clean stop).
   */
  @Override
  public void close() {
    synchronized (lock) {
      stopped = true;
      lock.notifyAll();
    }
    try {
      thread.join(ROUND_GRACE.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
