package no.klipp.terminal.display;

import java.util.Objects;

/** What staff need to see that a card is the child's own: first name and birth year, nothing more. */
public record Holder(String firstName, int birthYear) {
  public Holder {
    Objects.requireNonNull(firstName, "firstName == null");
  }
}
