package no.klipp.terminal.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.LedgerArchive;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.ledger.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's outbox as the sync loop's queue. A refused visit is acknowledged in the outbox (so
 * it is not resent) after its reason is durably written to the ledger's {@code sync_refusal}
 * table, and kept for staff to review. Old acknowledged visits are deleted ({@link Retention}), and
 * so are old archived ledgers with nothing unsent ({@link LedgerArchive#prune}).
 */
public final class LedgerVisitQueue implements VisitQueue {

  private static final Logger log = LoggerFactory.getLogger(LedgerVisitQueue.class);

  private final Ledger ledger;
  private final Outbox outbox;
  private final Clock clock;
  private final Retention retention;
  // Pruning scans the visit table: once a day is enough for a rule counted in years and days.
  private Instant nextPrune = Instant.MIN;

  public LedgerVisitQueue(Ledger ledger, Clock clock) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.outbox = new Outbox(ledger);
    this.retention = new Retention(ledger);
  }

  @Override
  public List<Visit> pending(int limit) {
    return outbox.pending(limit);
  }

  @Override
  public void acknowledged(Collection<Visit> visits) {
    outbox.markAcknowledged(visits);
  }

  @Override
  public void refused(Visit visit, String reason) {
    // Written before the acknowledgement: a crash in between only means the visit is sent once more.
    ledger.write("record a refused visit", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT OR REPLACE INTO sync_refusal (visit_id, reason, refused_at) VALUES (?, ?, ?)")) {
        ps.setString(1, visit.id().toString());
        ps.setString(2, reason);
        ps.setLong(3, clock.millis());
        ps.executeUpdate();
      }
      return null;
    });
    outbox.markAcknowledged(List.of(visit));
  }

  @Override
  public int resend(long from, long to) {
    return outbox.requeue(from, to);
  }

  @Override
  public int forgetOld(Instant now) {
    if (now.isBefore(nextPrune)) {
      return 0;
    }
    int deleted = retention.prune(now);
    LedgerArchive.prune(ledger.path(), now);
    nextPrune = now.plus(Duration.ofDays(1));
    if (deleted > 0) {
      log.info("Deleted {} old acknowledged visits from the ledger", deleted);
    }
    return deleted;
  }

  @Override
  public long waiting() {
    return outbox.pendingCount();
  }

  @Override
  public long lastSequence() {
    return outbox.lastSequence();
  }

  @Override
  public long refusedCount() {
    return ledger.read("count refused visits", c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sync_refusal")) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /** The reason the server gave for refusing the visit, if it did. */
  public java.util.Optional<String> refusal(UUID id) {
    return ledger.read("read a refusal", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT reason FROM sync_refusal WHERE visit_id = ?")) {
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.<String>empty();
        }
      }
    });
  }
}
