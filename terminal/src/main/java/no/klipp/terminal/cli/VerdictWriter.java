package no.klipp.terminal.cli;

import java.io.PrintStream;
import no.klipp.terminal.ledger.LedgerException;
import no.klipp.terminal.validation.Correction;
import no.klipp.terminal.validation.Verdict;

/** Writes one JSON object per line and flushes it, so a reader sees each verdict as it is given. */
final class VerdictWriter {

  private final PrintStream out;
  private final boolean staff;

  VerdictWriter(PrintStream out, boolean staff) {
    this.out = out;
    this.staff = staff;
  }

  /** The verdict's fields in the record's order; the holder only for staff (without a name when it has none). */
  void verdict(Verdict v) {
    JsonLine holder = staff && v.holder() != null ? holder(v.holder()) : null;
    write(new JsonLine()
        .field("admitted", v.admitted())
        .field("reason", v.reason())
        .field("cardNumber", v.cardNumber())
        .field("offerId", v.offerId())
        .field("offers", v.offers())
        .field("visitsLeft", v.visitsLeft())
        .field("companions", v.companions())
        .field("repeat", v.repeat())
        .field("visitId", v.visitId())
        .field("flags", v.flags().stream().map(Enum::name).sorted().toList())
        .field("holder", holder)
        .field("detail", v.detail()));
  }

  /**
   * The holder's first name and birth year; the birth year alone when the ledger has no name (a
   * terminal not registered as a staffed desk gets none; an expired card's is erased in time),
   * never a name that says null.
   */
  private static JsonLine holder(no.klipp.terminal.validation.Holder h) {
    JsonLine line = new JsonLine();
    if (h.firstName() != null && !h.firstName().isBlank()) {
      line.field("firstName", h.firstName());
    }
    return line.field("birthYear", h.birthYear());
  }

  void correction(String action, Correction c) {
    write(new JsonLine().field("action", action).field("outcome", c.outcome()).field("eventId", c.eventId())
        .field("companions", c.companions()));
  }

  void error(LedgerException e) {
    write(new JsonLine().field("error", e.problem()).field("message", e.getMessage()));
  }

  void note(String action, String message) {
    write(new JsonLine().field("action", action).field("outcome", "NOTHING_TO_DO").field("message", message));
  }

  private void write(JsonLine line) {
    out.println(line);
    out.flush();
  }
}
