package no.klipp.server.visit;

import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.Row;

/** Reads stored visits back as {@link VisitRow}s: for the statistics, and for corrections placed late. */
public final class VisitColumns {

  /** Every column of {@code visit}, for {@link #row}. */
  public static final String COLUMNS = "id, terminal_id, venue_id, scheme_id, sequence, kind, refers_to, card_number,"
      + " credential_serial, offer_id, period_key, companions, terminal_time, received_at, flags";

  private VisitColumns() {}

  /** The row as stored. */
  public static VisitRow row(Row r) throws SQLException {
    Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
    for (String f : r.string("flags").split(",")) {
      if (!f.isEmpty()) {
        flags.add(VisitFlag.valueOf(f));
      }
    }
    Visit v = new Visit(r.uuid("id"), r.longValue("sequence"), VisitKind.valueOf(r.string("kind")), r.uuid("refers_to"),
        r.string("card_number"), r.intValue("credential_serial"), r.string("offer_id"), r.string("venue_id"),
        r.string("terminal_id"), r.instant("terminal_time"), r.intValue("companions"), flags);
    return new VisitRow(v, r.longValue("scheme_id"), r.string("period_key"), flags, r.instant("received_at"));
  }
}
