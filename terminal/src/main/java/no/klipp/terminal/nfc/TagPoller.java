package no.klipp.terminal.nfc;

/** A reader that looks at its field once per call and never blocks beyond its own timeout. */
public interface TagPoller extends AutoCloseable {

  /** One look at the field. */
  TagRead poll();

  @Override
  default void close() {}
}
