package no.klipp.server.visit;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.Sql;

/** Visits in {@code visit} (facts, never changed), refused items in {@code refused_visit}. */
public final class VisitRepository {

  static final String INSERT_COLUMNS = "id, terminal_id, venue_id, scheme_id, sequence, kind, refers_to, card_number,"
      + " credential_serial, offer_id, period_key, companions, terminal_time, received_at, flags";
  private static final int COLUMN_COUNT = 15;
  /** Rows per multi-row insert: few round trips, well under both dialects' parameter limits. */
  private static final int INSERT_CHUNK = 1000;
  private static final int IN_CHUNK = 1000;
  /** Net admissions: a void cancels the admission it refers to. */
  static final String NET_COUNT = "SUM(CASE kind WHEN 'ADMISSION' THEN 1 WHEN 'VOID' THEN -1 ELSE 0 END)";

  /** Inserts the rows that are not stored yet; answers the ids it stored (a concurrent repeat stores nothing). */
  public Set<UUID> insertNew(Sql sql, List<VisitRow> rows) throws SQLException {
    Set<UUID> stored = new HashSet<>();
    for (int i = 0; i < rows.size(); i += INSERT_CHUNK) {
      List<VisitRow> part = rows.subList(i, Math.min(rows.size(), i + INSERT_CHUNK));
      String one = Sql.placeholders(COLUMN_COUNT);
      StringBuilder text = new StringBuilder("INSERT INTO visit (" + INSERT_COLUMNS + ") VALUES ");
      Object[] args = new Object[part.size() * COLUMN_COUNT];
      int a = 0;
      for (int r = 0; r < part.size(); r++) {
        text.append(r == 0 ? "" : ", ").append(one);
        VisitRow row = part.get(r);
        Visit v = row.visit();
        args[a++] = v.id();
        args[a++] = v.terminalId();
        args[a++] = v.venueId();
        args[a++] = row.schemeId();
        args[a++] = v.sequence();
        args[a++] = v.kind();
        args[a++] = v.refersTo();
        args[a++] = v.cardNumber();
        args[a++] = v.credentialSerial();
        args[a++] = v.offerId();
        args[a++] = row.periodKey();
        args[a++] = v.companions();
        args[a++] = v.terminalTime();
        args[a++] = row.receivedAt();
        args[a++] = row.flagText();
      }
      text.append(" ON CONFLICT (id) DO NOTHING RETURNING id");
      stored.addAll(sql.list(text.toString(), rs -> rs.uuid("id"), args));
    }
    return stored;
  }

  /** Which of {@code ids} are stored already. */
  public Set<UUID> existing(Sql sql, Collection<UUID> ids) throws SQLException {
    Set<UUID> out = new HashSet<>();
    List<UUID> all = List.copyOf(ids);
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      List<UUID> part = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
      out.addAll(sql.list("SELECT id FROM visit WHERE id IN " + Sql.placeholders(part.size()),
          r -> r.uuid("id"), part.toArray()));
    }
    return out;
  }

  /** Net admissions so far of the given cards, by card, offer and period. */
  public Map<UsageKey, Integer> netCounts(Sql sql, Collection<String> cardNumbers) throws SQLException {
    Map<UsageKey, Integer> out = new HashMap<>();
    List<String> all = List.copyOf(cardNumbers);
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      List<String> part = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
      sql.list("SELECT card_number, offer_id, period_key, " + NET_COUNT + " AS n FROM visit"
              + " WHERE card_number IN " + Sql.placeholders(part.size()) + " GROUP BY card_number, offer_id, period_key",
          r -> out.put(new UsageKey(r.string("card_number"), r.string("offer_id"), r.string("period_key")),
              r.intValue("n")), part.toArray());
    }
    return out;
  }

  /** Sequence numbers above {@code after} the terminal has sent, stored or refused, in order. */
  public List<Long> sequencesAfter(Sql sql, String terminalId, long after) throws SQLException {
    return sql.list("SELECT sequence FROM visit WHERE terminal_id = ? AND sequence > ?"
            + " UNION SELECT sequence FROM refused_visit WHERE terminal_id = ? AND sequence > ? ORDER BY 1",
        r -> r.longValue("sequence"), terminalId, after, terminalId, after);
  }

  /** Remembers a refused item's sequence number and reason (not its content). */
  public void insertRefused(Sql sql, String terminalId, long sequence, UUID visitId, String reason, Instant at)
      throws SQLException {
    sql.update("INSERT INTO refused_visit (terminal_id, sequence, visit_id, reason, received_at) VALUES (?, ?, ?, ?, ?)",
        terminalId, sequence, visitId, reason.length() > 200 ? reason.substring(0, 200) : reason, at);
  }

  /** A venue's visits received in {@code [from, to)}, newest first. */
  public List<VisitView> ofVenue(Sql sql, String venueId, Instant from, Instant to, int limit) throws SQLException {
    return sql.list("SELECT id, kind, offer_id, terminal_id, terminal_time, received_at, companions, flags FROM visit"
            + " WHERE venue_id = ? AND terminal_time >= ? AND terminal_time < ? ORDER BY terminal_time DESC LIMIT ?",
        r -> new VisitView(r.uuid("id"), VisitKind.valueOf(r.string("kind")), r.string("offer_id"),
            r.string("terminal_id"), r.instant("terminal_time"), r.instant("received_at"), r.intValue("companions"),
            r.string("flags").isEmpty() ? List.of() : Arrays.asList(r.string("flags").split(","))),
        venueId, from, to, limit);
  }

  /** Number of stored visits (for tests and the dashboard). */
  public long count(Sql sql, String terminalId) throws SQLException {
    return sql.one("SELECT COUNT(*) AS n FROM visit WHERE terminal_id = ?", r -> r.longValue("n"), terminalId)
        .orElse(0L);
  }

}
