package no.klipp.server.ledger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.server.db.Sql;

/** Usage counts for a terminal's ledger: the venue's visits made by its <em>other</em> terminals. */
public final class UsageRepository {

  private static final String NET = "SUM(CASE kind WHEN 'ADMISSION' THEN 1 WHEN 'VOID' THEN -1 ELSE 0 END)";
  private static final int CHUNK = 1000;

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
   * {@code after}. The number and the cards touched are read in one statement, so a delta with no
   * change and no new visits costs one round trip; the counts are then read by card (an index
   * look-up each), never by scanning the venue's history.
   */
  public Recent recent(Sql sql, String venueId, String terminalId, Instant after, Instant since)
      throws SQLException {
    long[] change = {-1};
    Set<String> touched = new HashSet<>();
    sql.list("SELECT c.value AS change, t.card_number FROM change_counter c LEFT JOIN"
            + " (SELECT DISTINCT card_number FROM visit WHERE venue_id = ? AND received_at > ? AND terminal_id <> ?) t"
            + " ON 1 = 1 WHERE c.id = 1",
        r -> {
          change[0] = r.longValue("change");
          String card = r.string("card_number");
          if (card != null) {
            touched.add(card);
          }
          return null;
        }, venueId, after, terminalId);
    if (change[0] < 0) {
      throw new SQLException("change_counter has no row");
    }
    return new Recent(change[0], touched.isEmpty() ? List.of() : ofCards(sql, venueId, terminalId, touched, since));
  }

  /** Full counts (other terminals only) of the given cards at the venue, for periods from {@code since}. */
  private List<UsageCount> ofCards(Sql sql, String venueId, String terminalId, Collection<String> cards,
      Instant since) throws SQLException {
    List<UsageCount> out = new ArrayList<>();
    List<String> all = List.copyOf(cards);
    for (int i = 0; i < all.size(); i += CHUNK) {
      Sql.In in = sql.in("card_number", all.subList(i, Math.min(all.size(), i + CHUNK)), "text");
      out.addAll(sql.list("SELECT card_number, offer_id, period_key, " + NET + " AS n FROM visit"
              + " WHERE venue_id = ? AND terminal_id <> ? AND terminal_time >= ? AND " + in.sql()
              + " GROUP BY card_number, offer_id, period_key",
          r -> new UsageCount(r.string("card_number"), r.string("offer_id"), r.string("period_key"), r.intValue("n")),
          Sql.args(new Object[] {venueId, terminalId, since}, in.args())));
    }
    return out;
  }
}
