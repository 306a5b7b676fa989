package no.klipp.terminal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import no.klipp.protocol.sync.Json;
import no.klipp.terminal.ledger.LedgerException;
import no.klipp.terminal.validation.Correction;
import no.klipp.terminal.validation.Verdict;

/** Writes one JSON object per line and flushes it, so a reader sees each verdict as it is given. */
final class VerdictWriter {

  private final ObjectMapper mapper = Json.mapper();
  private final PrintStream out;
  private final boolean staff;

  VerdictWriter(PrintStream out, boolean staff) {
    this.out = out;
    this.staff = staff;
  }

  void verdict(Verdict v) {
    write(staff ? v : v.withoutHolder());
  }

  void correction(String action, Correction c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", action);
    m.put("outcome", c.outcome());
    m.put("eventId", c.eventId());
    m.put("companions", c.companions());
    write(m);
  }

  void error(LedgerException e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", e.problem());
    m.put("message", e.getMessage());
    write(m);
  }

  void note(String action, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", action);
    m.put("outcome", "NOTHING_TO_DO");
    m.put("message", message);
    write(m);
  }

  private void write(Object value) {
    try {
      out.println(mapper.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
    out.flush();
  }
}
