package no.klipp.terminal.feedback;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one outcome looks and sounds: the light stays on for {@code light}; {@code beeps} alternate
 * buzzer on, off, on... starting with on. Patterns differ in rhythm, not only pitch, because an
 * active buzzer has one pitch.
 */
public record SignalPattern(Duration light, List<Duration> beeps) {

  /** One short beep. */
  public static SignalPattern admitted(Duration light) {
    return new SignalPattern(light, List.of(Duration.ofMillis(150)));
  }

  /** One long beep. */
  public static SignalPattern refused(Duration light) {
    return new SignalPattern(light, List.of(Duration.ofMillis(700)));
  }

  /** Three short beeps. */
  public static SignalPattern error(Duration light) {
    Duration beep = Duration.ofMillis(100);
    return new SignalPattern(light, List.of(beep, beep, beep, beep, beep));
  }

  public SignalPattern {
    Objects.requireNonNull(light, "light == null");
    beeps = List.copyOf(beeps);
    if (light.isNegative()) {
      throw new IllegalArgumentException("light < 0: " + light);
    }
    for (Duration beep : beeps) {
      if (beep.isNegative()) {
        throw new IllegalArgumentException("beep < 0: " + beep);
      }
    }
  }

  /** The time the beeps take together. */
  public Duration sound() {
    return beeps.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
