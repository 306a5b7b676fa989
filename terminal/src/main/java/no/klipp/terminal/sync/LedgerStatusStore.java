package no.klipp.terminal.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import java.util.Optional;
import no.klipp.protocol.sync.Json;
import no.klipp.terminal.ledger.Ledger;

/** The sync status kept as JSON in the ledger's meta table, readable by {@code terminal status}. */
public final class LedgerStatusStore implements StatusStore {

  static final String KEY = "sync_status";
  private final Ledger ledger;
  private final ObjectMapper mapper = Json.mapper();

  public LedgerStatusStore(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
  }

  @Override
  public Optional<SyncStatus> load() {
    return ledger.meta(KEY).flatMap(text -> {
      try {
        return Optional.ofNullable(mapper.readValue(text, SyncStatus.class));
      } catch (JsonProcessingException e) {
        return Optional.empty(); // a status is advisory; an unreadable one is as good as none
      }
    });
  }

  @Override
  public void save(SyncStatus status) {
    try {
      ledger.setMeta(KEY, mapper.writeValueAsString(status));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the sync status", e);
    }
  }

  /** The saved status with the queue's current counts; what {@code terminal status} shows. */
  public SyncStatus current(VisitQueue queue) {
    return load().orElse(SyncStatus.never()).withCounts(queue.waiting(), queue.refusedCount());
  }
}
