package no.klipp.terminal.feedback;

/** Lights and sound at the entrance; each call replaces whatever the previous one was showing. */
public interface Signals extends AutoCloseable {

  /** Green light and one short beep. */
  void admitted();

  /** Red light and one long beep. */
  void refused();

  /** Red light and three short beeps: the scan could not be judged (unreadable, a fault). */
  void error();

  /** Shows {@code outcome} with the matching signal. */
  default void show(Outcome outcome) {
    switch (outcome) {
      case ADMITTED -> admitted();
      case REFUSED -> refused();
      case ERROR -> error();
    }
  }

  @Override
  default void close() {}
}
