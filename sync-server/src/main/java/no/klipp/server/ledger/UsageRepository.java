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

  /** Counts of every card, offer and period with visits since {@code since} by the venue's other terminals. */
  public List<UsageCount> since(Sql sql, String venueId, String terminalId, Instant since) throws SQLException {
    return sql.list("SELECT card_number, offer_id, period_key, " + NET + " AS n FROM visit"
            + " WHERE venue_id = ? AND terminal_id <> ? AND terminal_time >= ?"
            + " GROUP BY card_number, offer_id, period_key",
        r -> new UsageCount(r.string("card_number"), r.string("offer_id"), r.string("period_key"), r.intValue("n")),
        venueId, terminalId, since);
  }

  /** The cards whose counts other terminals of the venue changed by visits received after {@code after}. */
  public Set<String> touchedCards(Sql sql, String venueId, String terminalId, Instant after) throws SQLException {
    return new HashSet<>(sql.list("SELECT DISTINCT card_number FROM visit"
            + " WHERE venue_id = ? AND received_at > ? AND terminal_id <> ?",
        r -> r.string("card_number"), venueId, after, terminalId));
  }

  /** Full counts (other terminals only) of the given cards at the venue, for periods from {@code since}. */
  public List<UsageCount> ofCards(Sql sql, String venueId, String terminalId, Collection<String> cards, Instant since)
      throws SQLException {
    List<UsageCount> out = new ArrayList<>();
    List<String> all = List.copyOf(cards);
    for (int i = 0; i < all.size(); i += CHUNK) {
      List<String> part = all.subList(i, Math.min(all.size(), i + CHUNK));
      Object[] args = new Object[part.size() + 3];
      args[0] = venueId;
      args[1] = terminalId;
      args[2] = since;
      for (int j = 0; j < part.size(); j++) {
        args[j + 3] = part.get(j);
      }
      out.addAll(sql.list("SELECT card_number, offer_id, period_key, " + NET + " AS n FROM visit"
              + " WHERE venue_id = ? AND terminal_id <> ? AND terminal_time >= ? AND card_number IN "
              + Sql.placeholders(part.size()) + " GROUP BY card_number, offer_id, period_key",
          r -> new UsageCount(r.string("card_number"), r.string("offer_id"), r.string("period_key"), r.intValue("n")),
          args));
    }
    return out;
  }
}
