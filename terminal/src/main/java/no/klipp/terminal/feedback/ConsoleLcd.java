package no.klipp.terminal.feedback;

import java.io.PrintStream;
import java.util.Objects;

/** A display shown as console lines, cut to the width the real display would have. */
public final class ConsoleLcd implements Lcd {

  private final PrintStream out;
  private final int columns;

  /** A display of {@code columns} characters written to {@code out}. */
  public ConsoleLcd(PrintStream out, int columns) {
    this.out = Objects.requireNonNull(out, "out == null");
    this.columns = columns;
  }

  @Override
  public void show(String top, String bottom) {
    out.println("[lcd]    |" + Pcf8574Lcd.fit(top, columns) + "|");
    out.println("[lcd]    |" + Pcf8574Lcd.fit(bottom, columns) + "|");
  }

  @Override
  public void clear() {
    out.println("[lcd]    (clear)");
  }
}
