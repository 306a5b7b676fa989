package no.klipp.server.ledger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.server.db.Dialect;
import no.klipp.server.db.Sql;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.terminal.TerminalRepository;

/** Usage counts for a terminal's ledger: the venue's visits made by its <em>other</em> terminals. */
public final class UsageRepository {

  private static final String NET = "SUM(CASE kind WHEN 'ADMISSION' THEN 1 WHEN 'VOID' THEN -1 ELSE 0 END)";
  /**
   * Leaves out the corrections stored in no period ({@code VisitRow.NO_PERIOD}): a void whose
   * admission the server does not know takes nothing back.
   */
  private static final String COUNTED = " AND period_key <> ''";
  private static final int CHUNK = 1000;
  /** The cards whose counts other terminals of the venue changed by visits received after a time. */
  private static final String TOUCHED =
      "SELECT DISTINCT card_number FROM visit WHERE venue_id = ? AND received_at > ? AND terminal_id <> ?";

  /**
   * The ledger's change number and the usage counts of a delta, read together with whether the
   * terminal asking still holds its token.
   */
  public record Recent(long change, boolean holdsToken, List<UsageCount> counts) {}

  /** Counts of every card, offer and period with visits since {@code since} by the venue's other terminals. */
  public List<UsageCount> since(Sql sql, String venueId, String terminalId, Instant since) throws SQLException {
    return sql.list("SELECT card_number, offer_id, period_key, " + NET + " AS n FROM visit"
            + " WHERE venue_id = ? AND terminal_id <> ? AND terminal_time >= ?" + COUNTED
            + " GROUP BY card_number, offer_id, period_key",
        r -> new UsageCount(r.string("card_number"), r.string("offer_id"), r.string("period_key"), r.intValue("n")),
        venueId, terminalId, since);
  }

  /**
   * The current change number, whether {@code who} still holds its token, and full counts (periods
   * from {@code since}, other terminals only) of the cards whose counts the other terminals of
   * {@code who}'s venue changed by visits received after {@code after}. The counts are always read by card (an index look-up each), never by scanning
   * the venue's history. On PostgreSQL all of it is one statement (a lateral join fixes that plan);
   * on SQLite the number and the touched cards are one statement and their counts a second, only
   * when there are any.
   */
  public Recent recent(Sql sql, TerminalIdentity who, Instant after, Instant since) throws SQLException {
    String venueId = who.venueId();
    String terminalId = who.terminalId();
    long[] change = {-1};
    boolean[] holds = {false};
    List<UsageCount> counts = new ArrayList<>();
    Set<String> touched = new HashSet<>();
    boolean postgres = sql.dialect() == Dialect.POSTGRESQL;
    String holdsToken = "(SELECT COUNT(*) FROM terminal WHERE " + TerminalRepository.HOLDS_TOKEN + ") AS holds";
    String text = postgres
        ? "SELECT c.value AS change, " + holdsToken + ", u.card_number, u.offer_id, u.period_key, u.n"
            + " FROM change_counter c LEFT JOIN"
            + " (SELECT t.card_number, x.offer_id, x.period_key, x.n FROM (" + TOUCHED + ") t CROSS JOIN LATERAL"
            + " (SELECT offer_id, period_key, " + NET + " AS n FROM visit v WHERE v.card_number = t.card_number"
            + " AND v.venue_id = ? AND v.terminal_id <> ? AND v.terminal_time >= ?" + COUNTED
            + " GROUP BY offer_id, period_key) x) u"
            + " ON 1 = 1 WHERE c.id = 1"
        : "SELECT c.value AS change, " + holdsToken + ", t.card_number FROM change_counter c LEFT JOIN ("
            + TOUCHED + ") t ON 1 = 1 WHERE c.id = 1";
    Object[] args = Sql.args(TerminalRepository.holdsTokenArgs(who), postgres
        ? new Object[] {venueId, after, terminalId, venueId, terminalId, since}
        : new Object[] {venueId, after, terminalId});
    sql.list(text, r -> {
      change[0] = r.longValue("change");
      holds[0] = r.longValue("holds") > 0;
      String card = r.string("card_number");
      if (card != null && postgres) {
        counts.add(new UsageCount(card, r.string("offer_id"), r.string("period_key"), r.intValue("n")));
      } else if (card != null) {
        touched.add(card);
      }
      return null;
    }, args);
    if (change[0] < 0) {
      throw new SQLException("change_counter has no row");
    }
    if (!touched.isEmpty() && holds[0]) {
      counts.addAll(ofCards(sql, venueId, terminalId, touched, since));
    }
    return new Recent(change[0], holds[0], counts);
  }

  /** Full counts (other terminals only) of the given cards at the venue, for periods from {@code since}. */
  private List<UsageCount> ofCards(Sql sql, String venueId, String terminalId, Collection<String> cards,
      Instant since) throws SQLException {
    List<UsageCount> out = new ArrayList<>();
    List<String> all = List.copyOf(cards);
    for (int i = 0; i < all.size(); i += CHUNK) {
      Sql.In in = sql.in("card_number", all.subList(i, Math.min(all.size(), i + CHUNK)), "text");
      out.addAll(sql.list("SELECT card_number, offer_id, period_key, " + NET + " AS n FROM visit"
              + " WHERE venue_id = ? AND terminal_id <> ? AND terminal_time >= ?" + COUNTED + " AND " + in.sql()
              + " GROUP BY card_number, offer_id, period_key",
          r -> new UsageCount(r.string("card_number"), r.string("offer_id"), r.string("period_key"), r.intValue("n")),
          Sql.args(new Object[] {venueId, terminalId, since}, in.args())));
    }
    return out;
  }
}
