package no.klipp.server.visit;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.CopyText;
import no.klipp.server.db.Dialect;
import no.klipp.server.db.Sql;
import no.klipp.server.db.StoredText;

/** Visits in {@code visit} (facts, never changed), refused items in {@code refused_visit}. */
public final class VisitRepository {

  static final String INSERT_COLUMNS = "id, terminal_id, venue_id, scheme_id, sequence, kind, refers_to, card_number,"
      + " credential_serial, offer_id, period_key, companions, terminal_time, received_at, flags";
  private static final int COLUMN_COUNT = 15;
  private static final int IN_CHUNK = 5000;
  private static final int UNNEST_CHUNK = 10_000;
  /**
   * From this many rows a batch is first COPYed in: PostgreSQL's bulk load skips parsing array
   * literals and checking each row for a conflict (5,000 rows: 60–85 ms instead of 92–100 in
   * IngestBench). A sync round's few visits keep the one-statement insert, since the savepoint
   * around a COPY costs two more round trips. 200 is a terminal's default batch.
   */
  public static final int COPY_MIN = 200;
  private static final String UNIQUE_VIOLATION = "23505";

  /** Inserts the rows that are not stored yet; answers the ids it stored (a concurrent repeat stores nothing). */
  public Set<UUID> insertNew(Sql sql, List<VisitRow> rows) throws SQLException {
    Set<UUID> stored = new HashSet<>();
    if (sql.dialect() == Dialect.POSTGRESQL) {
      // A new batch, the usual case, is copied in whole. A batch holding a visit stored before (a
      // lost acknowledgement) makes the COPY fail on the key; it is undone and inserted row by row
      // below, where each repeat is skipped.
      if (rows.size() >= COPY_MIN && sql.undoneOn(UNIQUE_VIOLATION, s -> copy(s, rows)).isPresent()) {
        for (VisitRow row : rows) {
          stored.add(row.visit().id());
        }
        return stored;
      }
      for (int i = 0; i < rows.size(); i += UNNEST_CHUNK) {
        List<VisitRow> part = rows.subList(i, Math.min(rows.size(), i + UNNEST_CHUNK));
        stored.addAll(uniform(part) ? insertUniform(sql, part) : insertUnnest(sql, part));
      }
      return stored;
    }
    // SQLite: one prepared statement run per row (no SQL text to parse, no RETURNING); the count
    // of each tells whether it was stored (0 = the id was there already).
    List<Object[]> args = new ArrayList<>(rows.size());
    for (VisitRow row : rows) {
      args.add(values(row));
    }
    int[] counts = sql.batchCounts("INSERT INTO visit (" + INSERT_COLUMNS + ") VALUES " + Sql.placeholders(COLUMN_COUNT)
        + " ON CONFLICT (id) DO NOTHING", args);
    for (int r = 0; r < counts.length; r++) {
      if (counts[r] > 0) {
        stored.add(rows.get(r).visit().id());
      }
    }
    return stored;
  }

  /**
   * PostgreSQL, the usual batch (one terminal, venue, scheme and receive time): those four bound
   * once, numbers as binary arrays, the rest as text arrays; 5,000 rows insert ~15% faster than
   * with fifteen text arrays.
   */
  private static List<UUID> insertUniform(Sql sql, List<VisitRow> part) throws SQLException {
    int n = part.size();
    Object[] ids = new Object[n];
    Long[] sequences = new Long[n];
    Object[] kinds = new Object[n];
    Object[] refersTo = new Object[n];
    Object[] cardNumbers = new Object[n];
    Integer[] serials = new Integer[n];
    Object[] offerIds = new Object[n];
    Object[] periods = new Object[n];
    Integer[] companions = new Integer[n];
    Object[] times = new Object[n];
    Object[] flags = new Object[n];
    for (int r = 0; r < n; r++) {
      VisitRow row = part.get(r);
      Visit v = row.visit();
      ids[r] = v.id().toString();
      sequences[r] = v.sequence();
      kinds[r] = v.kind().name();
      refersTo[r] = v.refersTo() == null ? null : v.refersTo().toString();
      cardNumbers[r] = v.cardNumber();
      serials[r] = v.credentialSerial();
      offerIds[r] = v.offerId();
      periods[r] = row.periodKey();
      companions[r] = v.companions();
      times[r] = v.terminalTime().toString();
      flags[r] = row.flagText();
    }
    VisitRow first = part.getFirst();
    return sql.list("INSERT INTO visit (" + INSERT_COLUMNS + ") SELECT u.id, ?, ?, ?, u.sequence, u.kind, u.refers_to,"
            + " u.card_number, u.credential_serial, u.offer_id, u.period_key, u.companions, u.terminal_time, ?, u.flags"
            + " FROM unnest(CAST(? AS uuid[]), CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS uuid[]),"
            + " CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS integer[]),"
            + " CAST(? AS timestamptz[]), CAST(? AS text[])) AS u(id, sequence, kind, refers_to, card_number,"
            + " credential_serial, offer_id, period_key, companions, terminal_time, flags)"
            + " ON CONFLICT (id) DO NOTHING RETURNING id", rs -> rs.uuid("id"),
        first.visit().terminalId(), first.visit().venueId(), first.schemeId(), first.receivedAt(),
        sql.textArray(ids), sql.array("int8", sequences), sql.textArray(kinds), sql.textArray(refersTo),
        sql.textArray(cardNumbers), sql.array("int4", serials), sql.textArray(offerIds), sql.textArray(periods),
        sql.array("int4", companions), sql.textArray(times), sql.textArray(flags));
  }

  /** PostgreSQL: every row copied in with one COPY; fails on the first id stored before. */
  private static long copy(Sql sql, List<VisitRow> rows) throws SQLException {
    CopyText text = new CopyText(rows.size());
    for (VisitRow row : rows) {
      for (Object value : values(row)) {
        text.field(value instanceof Enum<?> e ? e.name() : value);
      }
      text.endRow();
    }
    return sql.copyIn("visit", INSERT_COLUMNS, text.bytes());
  }

  /** True when every row has the first one's terminal, venue, scheme and receive time (none null). */
  private static boolean uniform(List<VisitRow> rows) {
    VisitRow first = rows.getFirst();
    if (first.visit().terminalId() == null || first.visit().venueId() == null || first.receivedAt() == null) {
      return false;
    }
    for (VisitRow row : rows) {
      if (!first.visit().terminalId().equals(row.visit().terminalId())
          || !first.visit().venueId().equals(row.visit().venueId()) || first.schemeId() != row.schemeId()
          || !first.receivedAt().equals(row.receivedAt())) {
        return false;
      }
    }
    return true;
  }

  /** PostgreSQL: one column array per parameter, unnested into rows: one short statement for thousands of rows. */
  private static List<UUID> insertUnnest(Sql sql, List<VisitRow> part) throws SQLException {
    Object[][] columns = new Object[COLUMN_COUNT][part.size()];
    for (int r = 0; r < part.size(); r++) {
      Object[] values = values(part.get(r));
      for (int col = 0; col < COLUMN_COUNT; col++) {
        Object v = values[col];
        columns[col][r] = v == null ? null : v instanceof Enum<?> e ? e.name() : v.toString();
      }
    }
    Object[] args = new Object[COLUMN_COUNT];
    for (int col = 0; col < COLUMN_COUNT; col++) {
      args[col] = sql.textArray(columns[col]);
    }
    return sql.list("INSERT INTO visit (" + INSERT_COLUMNS + ") SELECT * FROM unnest(CAST(? AS uuid[]),"
        + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS text[]),"
        + " CAST(? AS uuid[]), CAST(? AS text[]), CAST(? AS integer[]), CAST(? AS text[]), CAST(? AS text[]),"
        + " CAST(? AS integer[]), CAST(? AS timestamptz[]), CAST(? AS timestamptz[]), CAST(? AS text[]))"
        + " ON CONFLICT (id) DO NOTHING RETURNING id", rs -> rs.uuid("id"), args);
  }

  /** A row's values in the order of {@link #INSERT_COLUMNS}. */
  private static Object[] values(VisitRow row) {
    Visit v = row.visit();
    return new Object[] {v.id(), v.terminalId(), v.venueId(), row.schemeId(), v.sequence(), v.kind(), v.refersTo(),
        v.cardNumber(), v.credentialSerial(), v.offerId(), row.periodKey(), v.companions(), v.terminalTime(),
        row.receivedAt(), row.flagText()};
  }

  /** Replaces the flags of just-stored visits (after they were judged again). */
  public void updateFlags(Sql sql, List<VisitRow> rows) throws SQLException {
    List<Object[]> args = new ArrayList<>();
    for (VisitRow r : rows) {
      args.add(new Object[] {r.flagText(), r.visit().id()});
    }
    sql.batch("UPDATE visit SET flags = ? WHERE id = ?", args);
  }

  /** Which of {@code ids} are stored already. */
  public Set<UUID> existing(Sql sql, Collection<UUID> ids) throws SQLException {
    Set<UUID> out = new HashSet<>();
    List<UUID> all = List.copyOf(ids);
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      List<UUID> part = all.subList(i, Math.min(all.size(), i + IN_CHUNK));
      Sql.In in = sql.in("id", part, "uuid");
      out.addAll(sql.list("SELECT id FROM visit WHERE " + in.sql(), r -> r.uuid("id"), in.args()));
    }
    return out;
  }

  /**
   * The venue's stored admissions among {@code ids}, each with the card, offer and period it counts
   * under; one statement however many ids.
   */
  public Map<UUID, UsageKey> admissionsOf(Sql sql, String venueId, Collection<UUID> ids) throws SQLException {
    Map<UUID, UsageKey> out = new HashMap<>();
    Sql.In in = sql.in("id", ids, "uuid");
    sql.list("SELECT id, card_number, offer_id, period_key FROM visit WHERE kind = 'ADMISSION' AND venue_id = ? AND "
            + in.sql(),
        r -> out.put(r.uuid("id"), new UsageKey(r.string("card_number"), r.string("offer_id"), r.string("period_key"))),
        Sql.args(new Object[] {venueId}, in.args()));
    return out;
  }

  /** Net admissions under {@code offerId} so far, every card and period: what its capacity is held against. */
  public int admittedUnder(Sql sql, String offerId) throws SQLException {
    return sql.one("SELECT COALESCE(SUM(net), 0) AS n FROM card_usage WHERE offer_id = ?", r -> r.intValue("n"), offerId)
        .orElse(0);
  }

  /** A stored correction: its id, its kind and the admission it refers to. */
  public record StoredCorrection(UUID id, VisitKind kind, UUID refersTo) {}

  /** The venue's stored corrections that refer to one of {@code admissionIds}; one statement. */
  public List<StoredCorrection> correctionsOf(Sql sql, String venueId, Collection<UUID> admissionIds)
      throws SQLException {
    Sql.In in = sql.in("refers_to", admissionIds, "uuid");
    return sql.list("SELECT id, kind, refers_to FROM visit WHERE venue_id = ? AND " + in.sql(),
        r -> new StoredCorrection(r.uuid("id"), VisitKind.valueOf(r.string("kind")), r.uuid("refers_to")),
        Sql.args(new Object[] {venueId}, in.args()));
  }

  /**
   * The venue's corrections stored in no period ({@link VisitRow#NO_PERIOD}) that refer to one of
   * {@code admissionIds}: stored before their admission arrived. Read on the partial index
   * {@code visit_unplaced}, which holds only such corrections: a venue with none (nearly every
   * upload) costs one probe however many admissions.
   */
  public List<VisitRow> unplacedCorrectionsOf(Sql sql, String venueId, Collection<UUID> admissionIds)
      throws SQLException {
    // SQLite is held to the index (an error if it could not use it): on the venue's other indexes the
    // probe would read every visit of a venue that has none.
    String unplaced = sql.dialect() == Dialect.SQLITE ? "visit INDEXED BY visit_unplaced" : "visit";
    if (sql.one("SELECT 1 AS one FROM " + unplaced + " WHERE venue_id = ? AND period_key = '' LIMIT 1", r -> 1,
        venueId).isEmpty()) {
      return List.of();
    }
    Sql.In in = sql.in("refers_to", admissionIds, "uuid");
    return sql.list("SELECT " + VisitColumns.COLUMNS + " FROM " + unplaced + " WHERE venue_id = ? AND period_key = ''"
        + " AND " + in.sql(), VisitColumns::row, Sql.args(new Object[] {venueId}, in.args()));
  }

  /** Stores correction {@code id} under {@code period}, its admission's. */
  public void placeCorrection(Sql sql, UUID id, String period) throws SQLException {
    sql.update("UPDATE visit SET period_key = ? WHERE id = ?", period, id);
  }

  /** {@link #addUsage}'s {@code above} when no count is wanted (an offer without a quota). */
  public static final int NONE_WANTED = Integer.MAX_VALUE;

  /**
   * Adds {@code deltas} (net admissions, by card) to the cards' usage under one offer in one period
   * and answers the net <em>before</em> it of each card whose net after it is above {@code above}, or
   * whose net before was below zero (more voids than admissions), perhaps of a few more: only such
   * cards can pass a quota, so most of a batch's cards need no count read back ({@link #NONE_WANTED}:
   * none; {@code Integer.MIN_VALUE}: every card). The rows stay locked until
   * the transaction ends, so an upload of the same card elsewhere waits for this one and then counts
   * it. Cards go in key order, the order every upload locks them in.
   */
  public Map<UsageKey, Integer> addUsage(Sql sql, String offerId, String period, SortedMap<String, Integer> deltas,
      int above) throws SQLException {
    Map<UsageKey, Integer> before = new HashMap<>();
    if (deltas.isEmpty()) {
      return before;
    }
    if (sql.dialect() == Dialect.POSTGRESQL) {
      String upsert = "INSERT INTO card_usage (card_number, offer_id, period_key, net) SELECT u.card, ?, ?, u.delta"
          + " FROM unnest(CAST(? AS text[]), CAST(? AS integer[])) AS u(card, delta) ORDER BY u.card"
          + " ON CONFLICT (card_number, offer_id, period_key) DO UPDATE SET net = card_usage.net + excluded.net";
      Object[] args = {offerId, period, sql.textArray(deltas.keySet().toArray()),
          sql.array("int4", deltas.values().toArray())};
      if (above == NONE_WANTED) {
        sql.update(upsert, args);
      } else {
        // Below zero before means below the largest delta after (and a few more cards than that).
        int largest = deltas.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        sql.list("WITH moved AS (" + upsert + " RETURNING card_number, net) SELECT card_number, net FROM moved"
                + " WHERE net > ? OR net < ?",
            r -> before.put(new UsageKey(r.string("card_number"), offerId, period),
                r.intValue("net") - deltas.get(r.string("card_number"))),
            Sql.args(args, above, largest));
      }
      return before;
    }
    // SQLite: the deltas as one JSON object parameter, {card: delta}. The counts wanted are read
    // before the upsert, as one JSON object too: rows read one by one through the driver (a native
    // call per row and per column) cost more than the upsert's own writes (4,000 cards: 7-9 ms
    // against 3.5-4 ms as one object).
    String json = Sql.jsonObject(deltas);
    if (above != NONE_WANTED) {
      String nets = sql.one("SELECT json_group_object(j.key, COALESCE(u.net, 0)) AS nets FROM json_each(?) AS j"
              + " LEFT JOIN card_usage AS u ON u.card_number = j.key AND u.offer_id = ? AND u.period_key = ?"
              + " WHERE COALESCE(u.net, 0) + j.value > ? OR u.net < 0",
          r -> r.string("nets"), json, offerId, period, above).orElse("{}");
      Sql.readJsonObject(nets, (card, net) -> before.put(new UsageKey(card, offerId, period), net));
    }
    // "WHERE true" tells SQLite's parser the ON CONFLICT belongs to the INSERT, not to a join.
    sql.update("INSERT INTO card_usage (card_number, offer_id, period_key, net) SELECT key, ?, ?, value"
        + " FROM json_each(?) WHERE true"
        + " ON CONFLICT (card_number, offer_id, period_key) DO UPDATE SET net = net + excluded.net",
        offerId, period, json);
    return before;
  }

  /** Sequence numbers above {@code after} the terminal has sent, stored or refused, in order. */
  public List<Long> sequencesAfter(Sql sql, String terminalId, long after) throws SQLException {
    return sql.list("SELECT sequence FROM visit WHERE terminal_id = ? AND sequence > ?"
            + " UNION SELECT sequence FROM refused_visit WHERE terminal_id = ? AND sequence > ? ORDER BY 1",
        r -> r.longValue("sequence"), terminalId, after, terminalId, after);
  }

  /**
   * Remembers a refused item's sequence number and reason (not its content); the reason may quote
   * what the terminal sent, so it is stored without control characters.
   */
  public void insertRefused(Sql sql, String terminalId, long sequence, UUID visitId, String reason, Instant at)
      throws SQLException {
    sql.update("INSERT INTO refused_visit (terminal_id, sequence, visit_id, reason, received_at) VALUES (?, ?, ?, ?, ?)",
        terminalId, sequence, visitId, StoredText.of(reason, 200), at);
  }

  /** Records the numbers {@code from..to} of the terminal as lost: refused items without a visit, for {@code reason}. */
  public void insertLost(Sql sql, String terminalId, long from, long to, String reason, Instant at)
      throws SQLException {
    List<Object[]> args = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      args.add(new Object[] {terminalId, s, reason, at});
    }
    sql.batch("INSERT INTO refused_visit (terminal_id, sequence, visit_id, reason, received_at) VALUES (?, ?, NULL, ?, ?)",
        args);
  }

  /**
   * A venue's visits received in {@code [from, to)}, newest first; without those under targeted
   * offers unless {@code withTargeted}.
   */
  public List<VisitView> ofVenue(Sql sql, String venueId, Instant from, Instant to, int limit, boolean withTargeted)
      throws SQLException {
    String targeted = withTargeted ? "" : " AND offer_id NOT IN (SELECT id FROM offer WHERE venue_id = ? AND targeted = ?)";
    Object[] args = withTargeted ? new Object[] {venueId, from, to, limit}
        : new Object[] {venueId, from, to, venueId, true, limit};
    return sql.list("SELECT id, kind, offer_id, terminal_id, terminal_time, received_at, companions, flags FROM visit"
            + " WHERE venue_id = ? AND terminal_time >= ? AND terminal_time < ?" + targeted
            + " ORDER BY terminal_time DESC LIMIT ?",
        r -> new VisitView(r.uuid("id"), VisitKind.valueOf(r.string("kind")), r.string("offer_id"),
            r.string("terminal_id"), r.instant("terminal_time"), r.instant("received_at"), r.intValue("companions"),
            r.string("flags").isEmpty() ? List.of() : Arrays.asList(r.string("flags").split(","))),
        args);
  }

  /** Number of stored visits (for tests and the dashboard). */
  public long count(Sql sql, String terminalId) throws SQLException {
    return sql.one("SELECT COUNT(*) AS n FROM visit WHERE terminal_id = ?", r -> r.longValue("n"), terminalId)
        .orElse(0L);
  }

}
