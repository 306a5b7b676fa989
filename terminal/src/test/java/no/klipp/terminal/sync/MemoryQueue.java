package no.klipp.terminal.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;

/** A {@link VisitQueue} in memory, for tests of the loop without a ledger. */
final class MemoryQueue implements VisitQueue {

  final Map<UUID, Visit> pending = new LinkedHashMap<>();
  final Map<UUID, Visit> acked = new LinkedHashMap<>();
  final Map<UUID, String> refused = new LinkedHashMap<>();

  synchronized void add(Visit v) {
    pending.put(v.id(), v);
  }

  @Override
  public synchronized List<Visit> pending(int limit) {
    return new ArrayList<>(pending.values()).subList(0, Math.min(limit, pending.size())).stream().toList();
  }

  @Override
  public synchronized void acknowledged(Collection<Visit> visits) {
    for (Visit sent : visits) {
      Visit v = pending.remove(sent.id());
      if (v != null) {
        acked.put(sent.id(), v);
      }
    }
  }

  @Override
  public synchronized void refused(Visit visit, String reason) {
    if (pending.remove(visit.id()) != null) {
      refused.put(visit.id(), reason);
    }
  }

  @Override
  public synchronized int resend(long from, long to) {
    int again = 0;
    for (Visit v : List.copyOf(acked.values())) {
      if (v.sequence() >= from && v.sequence() <= to) {
        acked.remove(v.id());
        pending.put(v.id(), v);
        again++;
      }
    }
    return again;
  }

  /** The times {@link #forgetOld} was asked to prune at. */
  final List<java.time.Instant> pruned = new ArrayList<>();

  @Override
  public synchronized int forgetOld(java.time.Instant now) {
    // Nothing here counts toward quotas, and tests look at what was acknowledged: keep it all.
    pruned.add(now);
    return 0;
  }

  @Override
  public synchronized long waiting() {
    return pending.size();
  }

  @Override
  public synchronized long lastSequence() {
    long last = 0;
    for (Map<UUID, Visit> m : List.of(pending, acked)) {
      for (Visit v : m.values()) {
        last = Math.max(last, v.sequence());
      }
    }
    return last;
  }

  @Override
  public synchronized long refusedCount() {
    return refused.size();
  }
}
