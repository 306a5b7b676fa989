package no.klipp.server.visit;

import static java.util.Objects.requireNonNull;

/** Why an uploaded item was refused: a fixed kind for log lines, and the reason sent back and stored. */
public record Refusal(Kind kind, String reason) {

  public Refusal {
    requireNonNull(kind, "kind == null");
    requireNonNull(reason, "reason == null");
  }

  /** What was wrong with an item, in words that never hold a value the item carried. */
  public enum Kind {
    NULL_ITEM("null item"),
    UNREADABLE("unreadable item"),
    BAD_SEQUENCE("sequence below 1"),
    NOT_A_CARD_NUMBER("not a card number"),
    NEGATIVE_SERIAL("negative credential serial"),
    FOREIGN_OFFER("offer not of this venue"),
    NO_TERMINAL_TIME("no terminal time"),
    IMPOSSIBLE_TERMINAL_TIME("terminal time out of range"),
    COMPANIONS_OUT_OF_RANGE("companions out of range"),
    NO_REFERS_TO("correction without refersTo"),
    CORRECTS_ANOTHER_CARD("correction names another card or offer than its admission"),
    ALREADY_VOIDED("correction of a voided admission");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }
}
