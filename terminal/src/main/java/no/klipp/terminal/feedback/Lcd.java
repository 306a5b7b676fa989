package no.klipp.terminal.feedback;

/** A small character display at the entrance showing the verdict in a few words. */
public interface Lcd extends AutoCloseable {

  /** Shows two lines, each cut to the display's width. */
  void show(String top, String bottom);

  /** Blanks the display. */
  void clear();

  @Override
  default void close() {}

  /** A display that is not there. */
  static Lcd none() {
    return new Lcd() {
      @Override
      public void show(String top, String bottom) {}

      @Override
      public void clear() {}
    };
  }
}
