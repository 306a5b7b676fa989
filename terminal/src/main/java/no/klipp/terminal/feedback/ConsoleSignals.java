package no.klipp.terminal.feedback;

import java.io.PrintStream;
import java.util.Objects;

/** Signals shown as lines on a console, for a laptop or a demo without lights. */
public final class ConsoleSignals implements Signals {

  private final PrintStream out;

  /** Signals written to {@code out}. */
  public ConsoleSignals(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out == null");
  }

  @Override
  public void admitted() {
    out.println("[signal] GREEN  beep");
  }

  @Override
  public void refused() {
    out.println("[signal] RED    beeeeep");
  }

  @Override
  public void error() {
    out.println("[signal] RED    beep beep beep");
  }
}
