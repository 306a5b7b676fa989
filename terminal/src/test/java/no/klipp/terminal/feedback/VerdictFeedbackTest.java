package no.klipp.terminal.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import no.klipp.terminal.display.VerdictReason;
import no.klipp.terminal.scan.ReadProblem;
import no.klipp.terminal.validation.Reason;
import no.klipp.terminal.validation.Verdict;
import org.junit.jupiter.api.Test;

class VerdictFeedbackTest {

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
  private final VerdictFeedback feedback = new VerdictFeedback(
      new Feedback(new ConsoleSignals(out), new ConsoleGate(out), new ConsoleLcd(out, 16), Duration.ofSeconds(3)));

  private static Verdict verdict(Reason reason, Integer left, int companions) {
    return new Verdict(reason.admits(), reason, "1234567890", "cinema", List.of(), left, companions, false,
        reason.admits() ? UUID.randomUUID() : null, Set.of(), null, null);
  }

  @Test
  void admissionIsGreenOpensTheGateAndShowsCompanionsOrVisitsLeft() {
    feedback.show(verdict(Reason.ADMITTED, 3, 1));
    assertEquals("""
        [signal] GREEN  beep
        [gate]   open for 3000 ms
        [lcd]    |Velkommen!      |
        [lcd]    |+1 med          |
        """, console.toString(StandardCharsets.UTF_8));
    assertEquals("3 besok igjen", VerdictFeedback.lines(verdict(Reason.ADMITTED, 3, 0))[1]);
    assertEquals("", VerdictFeedback.lines(verdict(Reason.ADMITTED, null, 0))[1]);
  }

  @Test
  void everyRefusalIsRedWithoutTheGateAndShowsTheSameWordsAsTheEntranceScreen() {
    for (Reason reason : Reason.values()) {
      if (reason.admits() || reason.tryAgain() || reason == Reason.NOT_READY) {
        continue;
      }
      console.reset();
      feedback.show(verdict(reason, null, 0));
      // Revoked, expired and too old look alike: the queue behind the child learns nothing.
      assertEquals("""
          [signal] RED    beeeeep
          [lcd]    |Ga til skranken |
          [lcd]    |Der far du hjelp|
          """, console.toString(StandardCharsets.UTF_8), reason.name());
      assertEquals(Outcome.REFUSED, VerdictFeedback.outcome(verdict(reason, null, 0)));
    }
  }

  @Test
  void aMisreadAsksForAnotherTryLikeTheEntranceScreen() {
    for (Reason reason : Reason.values()) {
      if (!reason.tryAgain()) {
        continue;
      }
      console.reset();
      feedback.show(verdict(reason, null, 0));
      assertEquals("""
          [signal] RED    beep beep beep
          [lcd]    |Prov igjen      |
          [lcd]    |Hold det stille |
          """, console.toString(StandardCharsets.UTF_8), reason.name());
      assertEquals(Outcome.ERROR, VerdictFeedback.outcome(verdict(reason, null, 0)));
    }
    assertTrue(Reason.INVALID_CODE.tryAgain());
  }

  @Test
  void aTerminalNotReadySignalsAFaultKeepsTheGateShutAndDoesNotBlameTheCard() {
    feedback.show(verdict(Reason.NOT_READY, null, 0));
    assertEquals("""
        [signal] RED    beep beep beep
        [lcd]    |Ikke klar enna  |
        [lcd]    |Spor i kassen   |
        """, console.toString(StandardCharsets.UTF_8));
    assertEquals(Outcome.ERROR, VerdictFeedback.outcome(verdict(Reason.NOT_READY, null, 0)));
    assertFalse(Reason.NOT_READY.tryAgain(), "presenting the card again does not help");
  }

  @Test
  void tryAgainAgreesWithTheEntranceScreen() {
    for (Reason reason : Reason.values()) {
      assertEquals(VerdictReason.valueOf(reason.name()).tryAgain(), reason.tryAgain(), reason.name());
    }
  }

  @Test
  void displayLinesAreAsciiAndFitTheDisplay() {
    for (Reason reason : Reason.values()) {
      for (String line : VerdictFeedback.lines(verdict(reason, 3, 1))) {
        assertTrue(line.length() <= 16 && line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), reason + ": " + line);
        String lower = line.toLowerCase(Locale.ROOT);
        for (String word : List.of("nav", "fattig", "lav inntekt", "sosial", "stotte", "welfare", "income",
            "gratis", "sperret", "utlopt")) {
          assertFalse(lower.contains(word), reason + " shows '" + word + "': " + line);
        }
      }
    }
  }

  @Test
  void unreadableCardIsAnErrorSignalWithAHint() {
    feedback.unreadable(ReadProblem.TWO_CARDS);
    assertEquals("""
        [signal] RED    beep beep beep
        [lcd]    |Ett kort        |
        [lcd]    |om gangen       |
        """, console.toString(StandardCharsets.UTF_8));
  }
}
