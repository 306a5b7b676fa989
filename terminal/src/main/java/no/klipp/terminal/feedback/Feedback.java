package no.klipp.terminal.feedback;

import java.time.Duration;
import java.util.Objects;

/** Everything at the entrance that answers a scan: lights and sound, the gate, the display. */
public final class Feedback implements AutoCloseable {

  private final Signals signals;
  private final Gate gate;
  private final Lcd lcd;
  private final Duration gateTime;

  /** Feedback through {@code signals}, {@code gate} (released for {@code gateTime}) and {@code lcd}. */
  public Feedback(Signals signals, Gate gate, Lcd lcd, Duration gateTime) {
    this.signals = Objects.requireNonNull(signals, "signals == null");
    this.gate = Objects.requireNonNull(gate, "gate == null");
    this.lcd = Objects.requireNonNull(lcd, "lcd == null");
    this.gateTime = Objects.requireNonNull(gateTime, "gateTime == null");
    if (gateTime.isNegative()) {
      throw new IllegalArgumentException("gateTime < 0: " + gateTime);
    }
  }

  /** Shows {@code outcome} with the two display lines; only an admission opens the gate. */
  public void react(Outcome outcome, String top, String bottom) {
    Objects.requireNonNull(outcome, "outcome == null");
    // Light, sound and gate first: they answer at once; the display is slower to write.
    signals.show(outcome);
    if (outcome == Outcome.ADMITTED) {
      gate.open(gateTime);
    }
    lcd.show(top, bottom);
  }

  /** The signals alone, for callers that drive the devices themselves. */
  public Signals signals() {
    return signals;
  }

  /** The gate alone. */
  public Gate gate() {
    return gate;
  }

  /** The display alone. */
  public Lcd lcd() {
    return lcd;
  }

  @Override
  public void close() {
    lcd.close();
    gate.close();
    signals.close();
  }
}
