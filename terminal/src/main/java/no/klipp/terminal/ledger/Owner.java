package no.klipp.terminal.ledger;

import java.util.Objects;

/** The terminal, and its venue, that a ledger's visits are recorded as. */
public record Owner(String terminalId, String venueId) {

  public Owner {
    Objects.requireNonNull(terminalId, "terminalId == null");
    Objects.requireNonNull(venueId, "venueId == null");
  }
}
