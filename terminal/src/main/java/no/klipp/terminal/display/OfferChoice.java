package no.klipp.terminal.display;

import java.util.Objects;

/** An offer as staff choose it: its id and the venue's name for it (in the venue's own words). */
public record OfferChoice(String id, String name) {
  public OfferChoice {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(name, "name == null");
  }
}
