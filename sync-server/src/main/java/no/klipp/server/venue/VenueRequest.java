package no.klipp.server.venue;

import no.klipp.server.web.Check;

/** A venue's name and category as an administrator sends them. */
public record VenueRequest(String name, Category category) {

  /** The request checked. */
  public VenueRequest validated() {
    return new VenueRequest(Check.text(name, "name", 100), Check.present(category, "category"));
  }
}
