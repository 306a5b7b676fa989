package no.klipp.terminal.validation;

import java.util.UUID;

/** The outcome of a staff correction (companions added, a visit voided), recorded as its own event. */
public record Correction(Outcome outcome, UUID eventId, int companions) {

  /** What happened. */
  public enum Outcome {
    /** Recorded durably. */
    DONE,
    /** No admission with that id was recorded here. */
    UNKNOWN_VISIT,
    /** The admission is older than the undo window. */
    TOO_LATE,
    /** The admission was already voided. */
    ALREADY_VOIDED,
    /** More companions than the offer lets go free. */
    TOO_MANY_COMPANIONS
  }

  static Correction refused(Outcome outcome) {
    return new Correction(outcome, null, 0);
  }

  /** True when the correction was recorded. */
  public boolean done() {
    return outcome == Outcome.DONE;
  }
}
