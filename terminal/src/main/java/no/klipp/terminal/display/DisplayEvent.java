package no.klipp.terminal.display;

/** Something the display pushes to its pages: a verdict, an undone visit, or the terminal's status. */
public sealed interface DisplayEvent permits VerdictView, UndoneView, StatusView {

  /** The Server-Sent Events event name the page listens for. */
  String type();
}
