package no.klipp.terminal.display;

/** Staff undid the last visit: it no longer counts. */
public record UndoneView() implements DisplayEvent {
  @Override
  public String type() {
    return "undone";
  }
}
