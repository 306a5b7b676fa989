package no.klipp.terminal.feedback;

import java.util.Objects;
import no.klipp.terminal.scan.ReadProblem;
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

  /** The signal for {@code verdict}. */
  public static Outcome outcome(Verdict verdict) {
    return verdict.admitted() ? Outcome.ADMITTED : Outcome.REFUSED;
  }

  /** The two display lines for {@code verdict}, in plain ASCII Norwegian for a character display. */
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
    String top = switch (verdict.reason()) {
      case ADMITTED -> "Velkommen!";
      case QUOTA_USED -> "Ingen besok igjen";
      case NOT_VALID_HERE -> "Gjelder ikke her";
      case EXPIRED -> "Kortet er utlopt";
      case NOT_YET_VALID -> "Ikke gyldig enna";
      case REVOKED -> "Kortet er sperret";
      case UNKNOWN_CARD -> "Ukjent kort";
      case INVALID_CODE -> "Ugyldig kode";
      case AGE_OUTSIDE_SCHEME, OFFLINE_LIMIT -> "Ikke godkjent";
      case OUTSIDE_OPENING_HOURS -> "Stengt na";
      case SOLD_OUT -> "Utsolgt";
      case ALREADY_SCANNED -> "Allerede skannet";
    };
    return new String[] {top, "Spor i kassen"};
  }
}
