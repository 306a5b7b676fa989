package no.klipp.terminal.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Outbox;

/**
 * The ledger's outbox as the sync loop's queue. A refused visit is acknowledged in the outbox (so
 * it is not resent) after its reason is durably written to the ledger's {@code sync_refusal}
 * table: nothing is deleted, and staff can review every refusal.
 */
public final class LedgerVisitQueue implements VisitQueue {

  private final Ledger ledger;
  private final Outbox outbox;
  private final Clock clock;

  public LedgerVisitQueue(Ledger ledger, Clock clock) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.outbox = new Outbox(ledger);
  }

  @Override
  public List<Visit> pending(int limit) {
    return outbox.pending(limit);
  }

  @Override
  public void acknowledged(Collection<UUID> ids) {
    outbox.markAcknowledged(ids);
  }

  @Override
  public void refused(UUID id, String reason) {
    // Written before the acknowledgement: a crash in between only means the visit is sent once more.
    ledger.write("record a refused visit", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT OR REPLACE INTO sync_refusal (visit_id, reason, refused_at) VALUES (?, ?, ?)")) {
        ps.setString(1, id.toString());
        ps.setString(2, reason);
        ps.setLong(3, clock.millis());
        ps.executeUpdate();
      }
      return null;
    });
    outbox.markAcknowledged(List.of(id));
  }

  @Override
  public int resend(long from, long to) {
    return outbox.requeue(from, to);
  }

  @Override
  public long waiting() {
    return outbox.pendingCount();
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
