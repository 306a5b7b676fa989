package no.klipp.terminal.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;

/**
 * The visits waiting to reach the server, as the sync loop sees the outbox. A visit leaves the
 * queue only when the server acknowledged it as stored (or already stored), or refused it, and
 * then it is kept, marked, until {@link #forgetOld} finds it no longer needed.
 */
public interface VisitQueue {

  /** Up to {@code limit} visits neither acknowledged nor refused, oldest (lowest sequence) first. */
  List<Visit> pending(int limit);

  /** The server has these visits (STORED or DUPLICATE): stop sending them. Durable on return. */
  void acknowledged(Collection<Visit> visits);

  /** The server refused this visit for {@code reason}: keep it for review, stop sending it. Durable on return. */
  void refused(Visit visit, String reason);

  /**
   * The server reports it never received sequence numbers {@code from..to} (its data was restored
   * from an older backup, say): queue again the acknowledged visits in that range, except those it
   * refused. Returns how many were queued again. Resending is harmless: the server stores an id once.
   */
  int resend(long from, long to);

  /**
   * After a round that reached the server: deletes acknowledged visits that no open quota period
   * counts and that are past the gap margin (at most once a day). Returns how many.
   */
  int forgetOld(Instant now);

  /** Visits neither acknowledged nor refused. */
  long waiting();

  /** The highest sequence number recorded (0 when none); it never goes down. */
  long lastSequence();

  /** Visits the server refused, kept for review. */
  long refusedCount();
}
