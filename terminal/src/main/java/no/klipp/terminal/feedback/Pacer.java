package no.klipp.terminal.feedback;

import java.time.Duration;

/** Waits between the steps of a signal; tests record the waits instead of sleeping. */
@FunctionalInterface
public interface Pacer {

  /** Waits {@code time}; throws if the signal was replaced meanwhile. */
  void pause(Duration time) throws InterruptedException;

  /** Sleeps the calling thread. */
  static Pacer sleeping() {
    return time -> Thread.sleep(time);
  }
}
