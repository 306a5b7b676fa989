package no.klipp.terminal.feedback;

import java.time.Duration;

/** A gate, door or turnstile that lets one person through. */
public interface Gate extends AutoCloseable {

  /** Releases the gate for {@code time}, then locks it again; returns at once. */
  void open(Duration time);

  @Override
  default void close() {}
}
