package no.klipp.terminal.feedback;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/** A gate shown as a console line. */
public final class ConsoleGate implements Gate {

  private final PrintStream out;

  /** A gate written to {@code out}. */
  public ConsoleGate(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out == null");
  }

  @Override
  public void open(Duration time) {
    out.println("[gate]   open for " + time.toMillis() + " ms");
  }
}
