package no.klipp.terminal.feedback;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.Objects;

/** One GPIO output that is on or off, whatever the wiring's polarity (relay boards are often active-low). */
public final class Switch {

  private final DigitalOutput output;
  private final boolean activeLow;

  Switch(DigitalOutput output, boolean activeLow) {
    this.output = Objects.requireNonNull(output, "output == null");
    this.activeLow = activeLow;
  }

  /** The output on BCM GPIO {@code pin}, starting off and switched off when Pi4J shuts down. */
  public static Switch create(Context pi4j, String id, int pin, boolean activeLow) {
    Objects.requireNonNull(pi4j, "pi4j == null");
    if (pin < 0 || pin > 27) {
      throw new IllegalArgumentException("pin is not a BCM GPIO number (0..27): " + pin);
    }
    DigitalState off = activeLow ? DigitalState.HIGH : DigitalState.LOW;
    DigitalOutput output =
        pi4j.create(
            DigitalOutput.newConfigBuilder(pi4j)
                .id(id)
                .name(id)
                .address(pin)
                .initial(off)
                .shutdown(off));
    return new Switch(output, activeLow);
  }

  /** Switches on. */
  public void on() {
    output.state(activeLow ? DigitalState.LOW : DigitalState.HIGH);
  }

  /** Switches off. */
  public void off() {
    output.state(activeLow ? DigitalState.HIGH : DigitalState.LOW);
  }

  /** Whether it is on now. */
  public boolean isOn() {
    return output.state() == (activeLow ? DigitalState.LOW : DigitalState.HIGH);
  }
}
