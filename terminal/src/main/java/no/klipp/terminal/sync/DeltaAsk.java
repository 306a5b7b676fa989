package no.klipp.terminal.sync;

import java.util.Objects;
import java.util.Optional;

/**
 * An upload's ask for the ledger changes after {@code since}, counting this terminal's own visits
 * received before {@code ownVisitsBefore} as the ledger's snapshot did.
 */
record DeltaAsk(String since, Optional<String> ownVisitsBefore) {
  DeltaAsk {
    Objects.requireNonNull(since, "since == null");
    Objects.requireNonNull(ownVisitsBefore, "ownVisitsBefore == null");
  }
}
