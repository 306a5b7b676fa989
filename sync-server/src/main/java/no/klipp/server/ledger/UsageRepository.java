package no.klipp.server.ledger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.server.db.Sql;

/** Usage counts for a terminal's ledger: the venue's visits made by its <em>other</em> terminals. */
public final class UsageRepository {

  private static final String NET = "SUM(CASE kind WHEN 'ADMISSION' THEN 1 WHEN 'VOID' THEN -1 ELSE 0 END)";

  /** The ledger's change number and the usage counts of a delta, read together. */
  public record Recent(long change, List<UsageCount> counts) {}

  /** Counts of every card, offer and period with visits since {@code since} by the venue's other terminals. */
  public List<UsageCount> since(Sql sql, String venueId, String terminalId, Instant since) throws SQLException {
    return sql.list("SELECT card_number, offer_id, period_key, " + NET + " AS n FROM visit"
            + " WHERE venue_id = ? AND terminal_id <> ? AND terminal_time >= ?"
            + " GROUP BY card_number, offer_id, period_key",
        r -> new UsageCount(r.string("card_number"), r.string("offer_id"), r.string("period_key"), r.intValue("n")),
        venueId, terminalId, since);
  }

  /**
   * The current change number, and full counts (periods from {@code since}, other terminals only)
   * of the cards whose counts the venue's other terminals changed by visits received after
   * {@code after}: one statement, so a delta with no ledger change costs one round trip.
   */
  public Recent recent(Sql sql, String venueId, String terminalId, Instant after, Instant since)
      throws SQLException {
    long[] change = {-1};
    List<UsageCount> counts = new ArrayList<>();
    sql.list("SELECT c.value AS change, u.card_number, u.offer_id, u.period_key, u.n FROM change_counter c"
            + " LEFT JOIN (SELECT card_number, offer_id, period_key, " + NET + " AS n FROM visit"
            + " WHERE venue_id = ? AND terminal_id <> ? AND terminal_time >= ? AND card_number IN"
            + " (SELECT card_number FROM visit WHERE venue_id = ? AND received_at > ? AND terminal_id <> ?)"
            + " GROUP BY card_number, offer_id, period_key) u ON 1 = 1 WHERE c.id = 1",
        r -> {
          change[0] = r.longValue("change");
          String card = r.string("card_number");
          if (card != null) {
            counts.add(new UsageCount(card, r.string("offer_id"), r.string("period_key"), r.intValue("n")));
          }
          return null;
        }, venueId, terminalId, since, venueId, after, terminalId);
    if (change[0] < 0) {
      throw new SQLException("change_counter has no row");
    }
    return new Recent(change[0], counts);
  }
}
