package no.klipp.terminal.feedback;

import java.util.Objects;
import no.klipp.terminal.scan.ReadProblem;
import no.klipp.terminal.validation.Reason;
import no.klipp.terminal.validation.Verdict;

/**
 * Shows a verdict at the entrance: green or red with its sound, the gate for an admission, and a
 * few words on the display. The words say what to do next, never anything about the holder's family.
 */
public final class VerdictFeedback {

  private final Feedback feedback;

  /** Verdicts shown on {@code feedback}. */
  public VerdictFeedback(Feedback feedback) {
    this.feedback = Objects.requireNonNull(feedback, "feedback == null");
  }

  /** Shows {@code verdict}. */
  public void show(Verdict verdict) {
    String[] lines = lines(verdict);
    feedback.react(outcome(verdict), lines[0], lines[1]);
  }

  /** Shows that a card or code was held up but could not be read. */
  public void unreadable(ReadProblem problem) {
    String[] lines = switch (problem) {
      case CARD_REMOVED -> new String[] {"Hold kortet", "stille litt"};
      case TWO_CARDS -> new String[] {"Ett kort", "om gangen"};
      case NO_CREDENTIAL -> new String[] {"Ukjent kort", "Spor i kassen"};
      case READER_FAULT -> new String[] {"Prov igjen", ""};
    };
    feedback.react(Outcome.ERROR, lines[0], lines[1]);
  }

  /** Shows that the terminal could not judge a scan (the ledger failed): staff must help. */
  public void fault() {
    feedback.react(Outcome.ERROR, "Prov igjen", "Spor i kassen");
  }

  /**
   * The signal for {@code verdict}: a misread asks for another try, like the entrance screen, and a
   * terminal not ready could not judge the card at all, like a fault; neither is the card's refusal.
   */
  public static Outcome outcome(Verdict verdict) {
    if (verdict.admitted()) {
      return Outcome.ADMITTED;
    }
    return verdict.reason().tryAgain() || verdict.reason() == Reason.NOT_READY ? Outcome.ERROR : Outcome.REFUSED;
  }

  /**
   * The two display lines for {@code verdict}, in plain ASCII Norwegian for a character display.
   * Every refusal shows the same words, as the entrance screen does (entrance.no in the display
   * bundles): whoever stands behind the child must not learn why a card was refused. A terminal not
   * ready says so (entrance.notready), so the child is not told the card is wrong.
   */
  public static String[] lines(Verdict verdict) {
    if (verdict.admitted()) {
      String bottom;
      if (verdict.companions() > 0) {
        bottom = "+" + verdict.companions() + " med";
      } else if (verdict.visitsLeft() != null) {
        bottom = verdict.visitsLeft() + " besok igjen";
      } else {
        bottom = "";
      }
      return new String[] {"Velkommen!", bottom};
    }
    if (verdict.reason().tryAgain()) {
      return new String[] {"Prov igjen", "Hold det stille"};
    }
    if (verdict.reason() == Reason.NOT_READY) {
      // The machine, not the card: trying again will not help until it has synced.
      return new String[] {"Ikke klar enna", "Spor i kassen"};
    }
    return new String[] {"Ga til skranken", "Der far du hjelp"};
  }
}
