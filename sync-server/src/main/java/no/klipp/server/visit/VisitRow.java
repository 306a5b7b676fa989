package no.klipp.server.visit;

import java.time.Instant;
import java.util.Set;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitFlag;

/** A visit as stored: what the terminal sent, plus its scheme, quota period, all flags and the receive time. */
public record VisitRow(Visit visit, long schemeId, String periodKey, Set<VisitFlag> flags, Instant receivedAt) {

  /**
   * The period of a correction that counts in none: its admission is unknown to the server, or it
   * names another card or offer than its admission. No quota period has this key.
   */
  public static final String NO_PERIOD = "";

  /** The flags as stored: names joined by commas, in enum order. */
  public String flagText() {
    StringBuilder sb = new StringBuilder();
    for (VisitFlag f : VisitFlag.values()) {
      if (flags.contains(f)) {
        sb.append(sb.isEmpty() ? "" : ",").append(f.name());
      }
    }
    return sb.toString();
  }
}
