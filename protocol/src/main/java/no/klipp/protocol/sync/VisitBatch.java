package no.klipp.protocol.sync;

import java.util.List;

/** Visits uploaded together by one terminal, oldest first. */
public record VisitBatch(String terminalId, List<Visit> visits, TerminalReport report) {
  public VisitBatch {
    visits = visits == null ? List.of() : List.copyOf(visits);
  }
}
