package no.klipp.server.retention;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import no.klipp.server.db.Database;
import no.klipp.server.db.Sql;
import no.klipp.server.visit.CardLocks;

/**
 * Deletes a scheme's visits and refused upload items from before a cut-off, a chunk per
 * transaction, and the {@code card_usage} rows left with no visit behind them.
 *
 * <p>A visit goes only when its {@code terminal_time} <em>and</em> its {@code received_at} are
 * before the cut-off (the start of the oldest year kept, in the scheme's zone): the later of the
 * two decides. {@code terminal_time} is what the statistics and refunds count the visit by, so it
 * names the financial year the visit documents, and that year is always kept long enough. Taking
 * {@code received_at} too keeps a visit the server heard of late (a terminal whose clock was years
 * behind, a December visit uploaded in January) for its year of arrival as well: never too short,
 * at most a year longer, and a visit just received is never deleted from under a delta, a
 * correction or the dashboard. It also lets the search walk the {@code (venue_id, received_at)}
 * index over old rows only, instead of reading the whole table every day. Never deleted: visits still in
 * {@code stats_pending} (not yet folded: the statistics must count them exactly once), and visits
 * or refused items numbered above their terminal's {@code sequence_complete}, since the gap
 * detection reads exactly those to tell which numbers are missing; nor visits under an offer with
 * a total capacity, which every snapshot counts however old (a terminal sums them to tell "sold
 * out": deleted, the places they took would be handed out again).
 */
final class VisitPurge {

  /** Visits per transaction: small enough that the SQLite write lock is held for milliseconds. */
  static final int CHUNK = 500;

  private static final String CANDIDATES = "SELECT v.id, v.received_at, v.card_number, v.offer_id, v.period_key"
      + " FROM visit v JOIN terminal t ON t.id = v.terminal_id"
      + " WHERE v.venue_id = ? AND v.received_at < ? AND v.terminal_time < ? AND v.sequence <= t.sequence_complete"
      // A terminal tells "sold out" from every admission such an offer ever had (UsageRepository).
      + " AND v.offer_id NOT IN (SELECT id FROM offer WHERE capacity IS NOT NULL)";
  /** Keyset paging on the index order, so visits kept (pending, beyond the mark) are not read again. */
  private static final String AFTER = " AND (v.received_at > ? OR (v.received_at = ? AND v.id > ?))";
  private static final String ORDER = " ORDER BY v.received_at, v.id LIMIT ?";

  private final Database db;

  VisitPurge(Database db) {
    this.db = db;
  }

  /** Deletes (or, {@code dryRun}, counts) the scheme's visits and refused items from before {@code cutoff}. */
  RetentionReport purge(long schemeId, Instant cutoff, boolean dryRun) {
    List<String> venues = db.read(sql -> sql.list("SELECT id FROM venue WHERE scheme_id = ? ORDER BY id",
        r -> r.string("id"), schemeId));
    long visits = 0;
    long usage = 0;
    for (String venue : venues) {
      Chunk chunk = null;
      do {
        Chunk after = chunk;
        chunk = dryRun
            ? db.read(sql -> chunk(sql, venue, cutoff, after, false))
            : db.transaction(sql -> chunk(sql, venue, cutoff, after, true));
        visits += chunk.visits();
        usage += chunk.usage();
      } while (chunk.full());
    }
    if (dryRun) {
      usage = db.read(sql -> usageLeftBare(sql, schemeId, cutoff));
    }
    return new RetentionReport(visits, refused(schemeId, cutoff, dryRun), usage, 0);
  }

  /** Where a page of candidates ended, and what it deleted. */
  private record Chunk(Instant lastReceived, UUID lastId, boolean full, long visits, long usage) {}

  private record Candidate(UUID id, Instant received, String card, String offer, String period) {}

  private record UsageKey(String card, String offer, String period) {}

  /** A terminal and the sequence number up to which everything it sent has arrived. */
  private record Mark(String terminal, long complete) {}

  private Chunk chunk(Sql sql, String venue, Instant cutoff, Chunk after, boolean delete) throws SQLException {
    List<Candidate> candidates = after == null
        ? sql.list(CANDIDATES + ORDER, VisitPurge::candidate, venue, cutoff, cutoff, CHUNK)
        : sql.list(CANDIDATES + AFTER + ORDER, VisitPurge::candidate, venue, cutoff, cutoff,
            after.lastReceived(), after.lastReceived(), after.lastId(), CHUNK);
    if (candidates.isEmpty()) {
      return new Chunk(null, null, false, 0, 0);
    }
    // A dry run counts pending visits as going: the real run folds them first.
    Set<UUID> pending = delete ? pending(sql) : Set.of();
    List<UUID> ids = new ArrayList<>();
    Set<String> cards = new TreeSet<>();
    Set<UsageKey> keys = new LinkedHashSet<>();
    for (Candidate c : candidates) {
      if (!pending.contains(c.id())) {
        ids.add(c.id());
        cards.add(c.card());
        keys.add(new UsageKey(c.card(), c.offer(), c.period()));
      }
    }
    Candidate last = candidates.getLast();
    boolean full = candidates.size() == CHUNK;
    if (!delete || ids.isEmpty()) {
      return new Chunk(last.received(), last.id(), full, ids.size(), 0);
    }
    // PostgreSQL: the locks an upload of these cards takes, so that no upload adds to a usage row
    // while its last visit goes (SQLite lets one writer in at a time).
    CardLocks.lock(sql, cards);
    Sql.In in = sql.in("id", ids, "uuid");
    int deleted = sql.update("DELETE FROM visit WHERE " + in.sql(), in.args());
    return new Chunk(last.received(), last.id(), full, deleted, deleteBareUsage(sql, keys));
  }

  /** Deletes the usage rows of {@code keys} that no stored visit stands behind any more. */
  private static long deleteBareUsage(Sql sql, Set<UsageKey> keys) throws SQLException {
    List<Object[]> rows = new ArrayList<>(keys.size());
    for (UsageKey k : keys) {
      rows.add(new Object[] {k.card(), k.offer(), k.period(), k.card(), k.offer(), k.period()});
    }
    long deleted = 0;
    for (int n : sql.batchCounts("DELETE FROM card_usage WHERE card_number = ? AND offer_id = ? AND period_key = ?"
        + " AND NOT EXISTS (SELECT 1 FROM visit WHERE card_number = ? AND offer_id = ? AND period_key = ?)", rows)) {
      deleted += Math.max(0, n);
    }
    return deleted;
  }

  /**
   * Dry run: the scheme's usage rows whose visits would all go (pending visits aside). Counted in
   * one read, since a row's visits may span several chunks.
   */
  private static long usageLeftBare(Sql sql, long schemeId, Instant cutoff) throws SQLException {
    String sameKey = "v.card_number = u.card_number AND v.offer_id = u.offer_id AND v.period_key = u.period_key";
    return sql.one("SELECT COUNT(*) AS n FROM card_usage u JOIN offer o ON o.id = u.offer_id"
            + " JOIN venue ve ON ve.id = o.venue_id WHERE ve.scheme_id = ?"
            + " AND EXISTS (SELECT 1 FROM visit v WHERE " + sameKey + ")"
            + " AND NOT EXISTS (SELECT 1 FROM visit v LEFT JOIN terminal t ON t.id = v.terminal_id WHERE " + sameKey
            + " AND NOT (v.received_at < ? AND v.terminal_time < ? AND v.sequence <= COALESCE(t.sequence_complete, -1)))",
        r -> r.longValue("n"), schemeId, cutoff, cutoff).orElse(0L);
  }

  /** The ids of every visit not yet folded into the statistics (normally none or a few uploads). */
  private static Set<UUID> pending(Sql sql) throws SQLException {
    Set<UUID> ids = new HashSet<>();
    for (String text : sql.list("SELECT visit_ids FROM stats_pending", r -> r.string("visit_ids"))) {
      for (String id : text.split(",")) {
        if (!id.isEmpty()) {
          ids.add(UUID.fromString(id));
        }
      }
    }
    return ids;
  }

  /**
   * Refused items by their {@code received_at}: the server keeps no terminal time for them (not the
   * content, only the reason), and they document nothing for the statistics or refunds.
   */
  private long refused(long schemeId, Instant cutoff, boolean dryRun) {
    List<Mark> marks = db.read(sql -> sql.list("SELECT t.id, t.sequence_complete FROM terminal t"
        + " JOIN venue v ON v.id = t.venue_id WHERE v.scheme_id = ? ORDER BY t.id",
        r -> new Mark(r.string("id"), r.longValue("sequence_complete")), schemeId));
    long total = 0;
    for (Mark mark : marks) {
      String terminal = mark.terminal();
      long complete = mark.complete();
      if (dryRun) {
        total += db.read(sql -> sql.one("SELECT COUNT(*) AS n FROM refused_visit WHERE terminal_id = ?"
            + " AND sequence <= ? AND received_at < ?", r -> r.longValue("n"), terminal, complete, cutoff).orElse(0L));
        continue;
      }
      for (int n = deleteRefused(terminal, complete, cutoff); n > 0; n = deleteRefused(terminal, complete, cutoff)) {
        total += n;
      }
    }
    return total;
  }

  /** Deletes the terminal's oldest refused items (up to {@link #CHUNK} sequence numbers) in one transaction. */
  private int deleteRefused(String terminal, long complete, Instant cutoff) {
    String where = "terminal_id = ? AND sequence <= ? AND received_at < ?";
    return db.transaction(sql -> sql.update("DELETE FROM refused_visit WHERE " + where + " AND sequence IN"
            + " (SELECT sequence FROM refused_visit WHERE " + where + " ORDER BY sequence LIMIT ?)",
        terminal, complete, cutoff, terminal, complete, cutoff, CHUNK));
  }

  private static Candidate candidate(no.klipp.server.db.Row r) throws SQLException {
    return new Candidate(r.uuid("id"), r.instant("received_at"), r.string("card_number"), r.string("offer_id"),
        r.string("period_key"));
  }
}
