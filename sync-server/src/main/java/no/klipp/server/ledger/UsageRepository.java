package no.klipp.server.ledger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import no.klipp.protocol.sync.UsageCount;
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

  /** The card, offer and period keys whose counts other terminals of the venue changed after a time. */
  private static final String TOUCHED_KEYS = "SELECT DISTINCT card_number, offer_id, period_key FROM visit"
      + " WHERE venue_id = ? AND received_at > ? AND terminal_id <> ?" + COUNTED;

  /**
   * The ledger's change number and the usage counts of a delta, read together with the form of the
   * asking terminal's ledger, empty when it no longer holds its token.
   */
  public record Recent(long change, long generation, Optional<TerminalRepository.LedgerForm> form,
      List<UsageCount> counts) {}

  /**
   * Counts of every card, offer and period with visits since {@code since} (any time, for an offer
   * with a capacity) by the venue's other
   * terminals, and by {@code terminalId} itself those it received before {@code ownBefore}
   * ({@link Instant#EPOCH}: none).
   */
  public List<UsageCount> since(Sql sql, String venueId, String terminalId, Instant since, Instant ownBefore)
      throws SQLException {
    // An offer with a capacity counts every admission it ever had (the terminal sums them all to
    // tell "sold out"), however old: the horizon is for quota periods only.
    return sql.list("SELECT card_number, offer_id, period_key, " + NET + " AS n FROM visit"
            + " WHERE venue_id = ? AND (terminal_id <> ? OR received_at < ?)"
            + " AND (terminal_time >= ? OR offer_id IN (SELECT id FROM offer WHERE venue_id = ? AND capacity IS NOT NULL))"
            + COUNTED + " GROUP BY card_number, offer_id, period_key",
        r -> new UsageCount(r.string("card_number"), r.string("offer_id"), r.string("period_key"), r.intValue("n")),
        venueId, terminalId, ownBefore, since, venueId);
  }

  /**
   * The current change number, {@code who}'s ledger form if it still holds its token, and the full counts
   * (other terminals', and {@code who}'s own received before {@code ownBefore}) of each card, offer and period that the other terminals of {@code who}'s
   * venue counted a visit under, received after {@code after}: one statement. Each count is read by
   * its exact key on the usage index, so a delta costs the same however long the venue's history
   * (a look-up by card and venue alone read every visit of the venue on PostgreSQL, whose planner
   * joined in the venue index).
   */
  public Recent recent(Sql sql, TerminalIdentity who, Instant after, Instant ownBefore) throws SQLException {
    long[] change = {-1, 0};
    List<TerminalRepository.LedgerForm> form = new ArrayList<>(1);
    List<UsageCount> counts = new ArrayList<>();
    // The form's two columns in one look-up of the terminal's row: a join, not two subqueries.
    String text = "SELECT c.value AS change, c.generation, me.staffed, me.ledger_reset_change,"
        + " t.card_number, t.offer_id, t.period_key,"
        + " (SELECT " + NET + " FROM visit v WHERE v.card_number = t.card_number AND v.offer_id = t.offer_id"
        + " AND v.period_key = t.period_key AND (v.terminal_id <> ? OR v.received_at < ?)) AS n"
        + " FROM change_counter c LEFT JOIN (SELECT staffed, ledger_reset_change FROM terminal WHERE "
        + TerminalRepository.HOLDS_TOKEN + ") me ON 1 = 1"
        + " LEFT JOIN (" + TOUCHED_KEYS + ") t ON 1 = 1 WHERE c.id = 1";
    Object[] token = TerminalRepository.holdsTokenArgs(who);
    Object[] args = {who.terminalId(), ownBefore, token[0], token[1], who.venueId(), after, who.terminalId()};
    sql.list(text, r -> {
      change[0] = r.longValue("change");
      change[1] = r.longValue("generation");
      if (form.isEmpty() && r.longOrNull("ledger_reset_change") != null) {
        form.add(new TerminalRepository.LedgerForm(r.bool("staffed"), r.longValue("ledger_reset_change")));
      }
      String card = r.string("card_number");
      if (card != null) {
        counts.add(new UsageCount(card, r.string("offer_id"), r.string("period_key"), r.intValue("n")));
      }
      return null;
    }, args);
    if (change[0] < 0) {
      throw new SQLException("change_counter has no row");
    }
    // Counts are for a terminal that holds its token; one that does not is refused and told nothing.
    return form.isEmpty() ? new Recent(change[0], change[1], Optional.empty(), List.of())
        : new Recent(change[0], change[1], Optional.of(form.getFirst()), counts);
  }
}
