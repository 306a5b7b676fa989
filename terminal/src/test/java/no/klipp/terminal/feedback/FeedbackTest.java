package no.klipp.terminal.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeedbackTest {

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
  private final Feedback feedback =
      new Feedback(
          new ConsoleSignals(out), new ConsoleGate(out), new ConsoleLcd(out, 16), Duration.ofSeconds(4));

  @Test
  void admittedShowsGreenAndOpensTheGate() {
    feedback.react(Outcome.ADMITTED, "Velkommen!", "+1 venn");
    assertEquals(
        """
        [signal] GREEN  beep
        [gate]   open for 4000 ms
        [lcd]    |Velkommen!      |
        [lcd]    |+1 venn         |
        """,
        console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void refusedAndErrorNeverOpenTheGate() {
    feedback.react(Outcome.REFUSED, "Ikke gyldig", "Spor i kassen");
    feedback.react(Outcome.ERROR, "Prov igjen", "");
    String shown = console.toString(StandardCharsets.UTF_8);
    assertEquals(false, shown.contains("[gate]"), shown);
    assertEquals(true, shown.contains("RED    beeeeep") && shown.contains("beep beep beep"), shown);
  }

  @Test
  void negativeGateTimeIsRefused() {
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                new Feedback(
                    new ConsoleSignals(out), new ConsoleGate(out), Lcd.none(), Duration.ofMillis(-1)));
    assertEquals("gateTime < 0: PT-0.001S", e.getMessage());
  }
}
