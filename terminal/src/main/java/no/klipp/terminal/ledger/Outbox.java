package no.klipp.terminal.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;

/**
 * The visits waiting to reach the server, for the sync loop: oldest first, in batches; marking
 * them acknowledged keeps them (they still count toward quotas here) but stops resending.
 */
public final class Outbox {

  private final Ledger ledger;
  // No visit below this sequence is unacknowledged, as long as no visits were queued again since
  // (the ledger counts requeues; every outbox of it then reads the floor afresh).
  private long floor = -1;
  private long floorRequeues;

  public Outbox(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
  }

  private long floor() {
    long requeues = ledger.requeues();
    if (floor < 0 || requeues != floorRequeues) {
      floorRequeues = requeues;
      floor = ledger.read("find pending visits", c -> {
        try (ResultSet rs = ledger.prepare("SELECT coalesce(min(seq), (SELECT coalesce(max(seq), 0) + 1 FROM visit)) "
            + "FROM visit WHERE acked = 0").executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      });
    }
    return floor;
  }

  /** Up to {@code limit} unacknowledged visits, oldest (lowest sequence) first. */
  public synchronized List<Visit> pending(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit <= 0: " + limit);
    }
    return ledger.read("read pending visits", c -> {
      PreparedStatement ps = ledger.prepare("SELECT * FROM visit WHERE seq >= ? AND acked = 0 ORDER BY seq LIMIT ?");
      ps.setLong(1, floor());
      ps.setInt(2, limit);
      List<Visit> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(VisitLog.visit(rs));
        }
      }
      if (!out.isEmpty()) {
        floor = out.getFirst().sequence();
      }
      return out;
    });
  }

  /** Marks these visits (as read from {@link #pending}) as received by the server; returns how many were newly marked. */
  public synchronized int markAcknowledged(Collection<Visit> visits) {
    if (visits.isEmpty()) {
      return 0;
    }
    return ledger.write("mark visits acknowledged", c -> {
      // Found by sequence, the table's key, and checked by id. The id has no index (migration 3):
      // looked up by id alone, each row scanned the pending tail, so a batch after days offline
      // held the ledger, and the scans waiting on it, for up to seconds.
      PreparedStatement ps = ledger.prepare("UPDATE visit SET acked = 1 WHERE seq = ? AND id = ? AND acked = 0");
      int marked = 0;
      for (Visit v : visits) {
        ps.setLong(1, v.sequence());
        ps.setString(2, v.id().toString());
        marked += ps.executeUpdate();
      }
      return marked;
    });
  }

  /**
   * Queues acknowledged visits with sequences in {@code [from, to]} again, for a server that lost
   * them (restored from a backup); visits the server refused stay acknowledged. Returns how many.
   */
  public synchronized int requeue(long from, long to) {
    int again = ledger.write("queue visits again", c -> {
      PreparedStatement ps = ledger.prepare("UPDATE visit SET acked = 0 WHERE seq BETWEEN ? AND ? AND acked = 1"
          + " AND id NOT IN (SELECT visit_id FROM sync_refusal)");
      ps.setLong(1, from);
      ps.setLong(2, to);
      return ps.executeUpdate();
    });
    if (again > 0) {
      ledger.requeued();
    }
    return again;
  }

  /** Visits not yet acknowledged. */
  public synchronized long pendingCount() {
    long from = floor();
    return ledger.read("count visits", c -> {
      PreparedStatement ps = ledger.prepare("SELECT count(*) FROM visit WHERE seq >= ? AND acked = 0");
      ps.setLong(1, from);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /** Every visit event recorded here. */
  public long totalCount() {
    return count("SELECT count(*) FROM visit");
  }

  /** The highest sequence number used so far (0 when none). */
  public long lastSequence() {
    return count("SELECT coalesce(max(seq), 0) FROM visit");
  }

  /** When the oldest unacknowledged visit was recorded. */
  public synchronized Optional<Instant> oldestPending() {
    long from = floor();
    return ledger.read("read pending visits", c -> {
      PreparedStatement ps = ledger.prepare("SELECT min(at) FROM visit WHERE seq >= ? AND acked = 0");
      ps.setLong(1, from);
      try (ResultSet rs = ps.executeQuery()) {
        long at = rs.next() ? rs.getLong(1) : 0;
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
      }
    });
  }

  private long count(String sql) {
    return ledger.read("count visits", c -> {
      try (ResultSet rs = ledger.prepare(sql).executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }
}
