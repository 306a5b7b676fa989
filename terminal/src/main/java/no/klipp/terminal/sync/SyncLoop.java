package no.klipp.terminal.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.VisitBatchAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One terminal's sync with the server, a round at a time: load the ledger if it never was, upload
 * every waiting visit, and pull ledger changes when due (every {@code pullInterval}, and at once
 * when the server is reachable again after a failure), asked for with the round's last upload. A
 * failed round is retried after a backoff. {@link SyncRunner} calls {@link #round} on a thread;
 * tests call it directly.
 */
public final class SyncLoop {

  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);
  /**
   * A clock further off the server's than this is reported as a problem: the time keeper (by its
   * MAX_AHEAD and MAX_BEHIND) then flags every visit as recorded with an unverified clock, and
   * only a person setting the clock (or NTP) ends that.
   */
  static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

  private final SyncClient client;
  private final VisitQueue queue;
  private final LedgerSink ledger;
  private final StatusStore store;
  private final SyncConfig config;
  private final Clock clock;
  private final Backoff backoff;
  private final Consumer<Instant> serverClock;
  private final Supplier<Instant> syncedAt;
  private final Uploader uploader;

  private SyncStatus status;
  private int failures;
  private Instant nextPull = Instant.MIN;

  /**
   * @param clock the wall clock: for the clock offset the server is told, and for scheduling
   * @param serverClock told the server's time after every answer (the terminal's time keeper
   *     learns from it that its clock is behind)
   * @param syncedAt the time a completed download is recorded at: the time keeper's, which the
   *     offline limit compares it with (the wall clock of a Pi that booted days behind would start
   *     the limit right after a sync)
   */
  public SyncLoop(SyncClient client, TerminalIdentity identity, VisitQueue queue, LedgerSink ledger,
      StatusStore store, SyncConfig config, Clock clock, RandomGenerator random, Consumer<Instant> serverClock,
      Supplier<Instant> syncedAt) {
    this.client = Objects.requireNonNull(client, "client == null");
    this.queue = Objects.requireNonNull(queue, "queue == null");
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
    this.store = Objects.requireNonNull(store, "store == null");
    this.config = Objects.requireNonNull(config, "config == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.serverClock = Objects.requireNonNull(serverClock, "serverClock == null");
    this.syncedAt = Objects.requireNonNull(syncedAt, "syncedAt == null");
    this.backoff = new Backoff(config.backoffBase(), config.backoffMax(), random);
    this.uploader = new Uploader(client, queue, identity.terminalId(), config.softwareVersion(), config.batchSize());
    // Start offline: the first round that gets through pulls changes at once.
    this.status = withOnline(store.load().orElse(SyncStatus.never()), false, null);
  }

  /**
   * One round; returns how long to wait before the next one. Throws only a {@link
   * VirtualMachineError}: any other failure is in the status.
   */
  public synchronized Duration round() {
    boolean wasOnline = status.online();
    status = attempted(clock.instant());
    try {
      boolean pulled = false;
      if (ledger.cursor().isEmpty()) {
        download();
        pulled = true;
      }
      boolean pullDue = !pulled && (!wasOnline || !clock.instant().isBefore(nextPull));
      // A pull rides on the round's last upload (or the idle report) instead of a request of its own.
      Optional<DeltaAsk> ask = pullDue ? deltaAsk() : Optional.empty();
      Uploader.Result up = uploader.drain(status.clockOffsetMillis(), this::observe, ask);
      status = uploaded(clock.instant());
      if (up.batches() > 0) {
        log.info("Uploaded {} visits in {} batches ({} already there, {} refused)",
            up.stored() + up.duplicates() + up.refused(), up.batches(), up.duplicates(), up.refused());
      }
      if (pullDue) {
        VisitBatchAck answered = up.asked();
        if (up.batches() == 0) {
          // Idle: report anyway, once per pull, so the server knows this terminal is alive.
          answered = uploader.report(status.clockOffsetMillis(), this::observe, ask);
        }
        if (answered == null || !applied(answered)) {
          download();
        }
      }
      failures = 0;
      // Only after a round that reached the server: the acknowledgements it rests on are fresh.
      // And only on a clock the server agrees with: one set years ahead would take this year's
      // visits, which the quota counts still need, for old ones.
      String clockProblem = clockProblem();
      if (clockProblem == null && status.clockOffsetMillis() != null) {
        queue.forgetOld(clock.instant());
      }
      status = withOnline(status, true, clockProblem);
      return until(nextPull);
    } catch (SyncException e) {
      return failed(e.getMessage(), e instanceof SyncException.NotAuthorized
          ? "the server does not accept this terminal (revoked, or enrolled elsewhere); visits are kept: " + e.getMessage()
          : e.getMessage());
    } catch (RuntimeException e) {
      // The local ledger failed (disk full, locked): nothing was lost, the round is tried again.
      log.warn("Sync round failed on the local ledger", e);
      return failed(e.getMessage(), "local ledger: " + e.getMessage());
    } catch (VirtualMachineError e) {
      // Out of memory or stack: the JVM itself is in doubt, not this round; let it end the thread.
      throw e;
    } catch (Error e) {
      // A bug (an assertion, a class that failed to load) is no reason to stop syncing for good:
      // the round counts as failed and is tried again after the backoff, like any other.
      log.error("Sync round failed by a bug", e);
      return failed(e.toString(), "internal error: " + e);
    } finally {
      save();
    }
  }

  /** Asks for ledger changes in the next round, whatever the schedule. */
  public synchronized void pullSoon() {
    nextPull = Instant.MIN;
  }

  /** The current status, with the queue's counts. */
  public synchronized SyncStatus status() {
    try {
      return status.withCounts(queue.waiting(), queue.refusedCount());
    } catch (RuntimeException e) {
      return status;
    }
  }

  /** Whether the last round reached the server. */
  public synchronized boolean online() {
    return status.online();
  }

  /**
   * The ask for the changes after the ledger's cursor; empty when the next download must be a
   * snapshot (a ledger loaded by older software).
   */
  private Optional<DeltaAsk> deltaAsk() {
    Optional<String> cursor = ledger.cursor();
    return cursor.isEmpty() || ledger.needsSnapshot()
        ? Optional.empty()
        : Optional.of(new DeltaAsk(cursor.get(), ledger.ownVisitsBefore()));
  }

  /**
   * Applies the changes an upload's answer carried, or loads a snapshot when the server could not
   * give them; false when it carried neither (a server older than the ask), and they are asked apart.
   */
  private boolean applied(VisitBatchAck ack) throws SyncException {
    if (ack.delta() != null) {
      ledger.apply(ack.delta(), syncedAt.get());
      downloaded();
      return true;
    }
    if (ack.deltaRefused() != null) {
      snapshotInstead(ack.deltaRefused().message());
      return true;
    }
    return false;
  }

  private void download() throws SyncException {
    Optional<String> cursor = ledger.cursor();
    if (cursor.isPresent() && ledger.needsSnapshot()) {
      log.info("The ledger was loaded by older software and lacks what only a snapshot brings; loading one");
    } else if (cursor.isPresent()) {
      try {
        // The same own visits as the snapshot counted: each count in the delta replaces its count.
        Reply<LedgerDelta> reply = client.delta(cursor.get(), ledger.ownVisitsBefore());
        observe(reply);
        ledger.apply(reply.body(), syncedAt.get());
        downloaded();
        return;
      } catch (SyncException.Rejected e) {
        // The server no longer knows the cursor (or the venue changed): start again from a snapshot.
        snapshotInstead(e.getMessage());
        return;
      }
    }
    snapshot();
  }

  private void snapshotInstead(String refusal) throws SyncException {
    log.info("Server refused ledger changes after the cursor ({}); loading a full snapshot", refusal);
    snapshot();
  }

  private void snapshot() throws SyncException {
    Reply<LedgerSnapshot> reply = client.snapshot(ledger.ownVisitsBefore());
    observe(reply);
    ledger.replace(reply.body(), syncedAt.get());
    log.info("Loaded a ledger snapshot of {} cards", reply.body().cards().size());
    downloaded();
  }

  private void downloaded() {
    Instant now = clock.instant();
    nextPull = now.plus(config.pullInterval());
    status = new SyncStatus(status.visitsWaiting(), status.visitsRefused(), status.lastUpload(), now,
        status.lastAttempt(), status.clockOffsetMillis(), status.online(), status.problem());
  }

  private void observe(Reply<?> reply) {
    reply.clockOffset().ifPresent(offset -> status = new SyncStatus(status.visitsWaiting(), status.visitsRefused(),
        status.lastUpload(), status.lastDownload(), status.lastAttempt(), offset.toMillis(), status.online(),
        status.problem()));
    reply.serverNow().ifPresent(serverClock);
  }

  /** What is wrong with this terminal's clock, by the server's, or null when nothing is. */
  private String clockProblem() {
    Long offset = status.clockOffsetMillis();
    if (offset == null || Math.abs(offset) <= CLOCK_TOLERANCE.toMillis()) {
      return null;
    }
    log.warn("This terminal's clock is {} ms off the server's; visits are flagged as unverified", offset);
    return "clock is " + Duration.ofMillis(offset).abs().toSeconds() + " s " + (offset > 0 ? "behind" : "ahead of")
        + " the server's; visits are flagged as recorded with an unverified clock until it is set";
  }

  private Duration failed(String logged, String problem) {
    failures++;
    Duration wait = backoff.delay(failures);
    log.warn("Sync failed ({} in a row), next try in {} ms: {}", failures, wait.toMillis(), logged);
    status = withOnline(status, false, problem);
    return wait;
  }

  private SyncStatus attempted(Instant now) {
    return new SyncStatus(status.visitsWaiting(), status.visitsRefused(), status.lastUpload(), status.lastDownload(),
        now, status.clockOffsetMillis(), status.online(), status.problem());
  }

  private SyncStatus uploaded(Instant now) {
    return new SyncStatus(status.visitsWaiting(), status.visitsRefused(), now, status.lastDownload(),
        status.lastAttempt(), status.clockOffsetMillis(), status.online(), status.problem());
  }

  private static SyncStatus withOnline(SyncStatus s, boolean online, String problem) {
    return new SyncStatus(s.visitsWaiting(), s.visitsRefused(), s.lastUpload(), s.lastDownload(), s.lastAttempt(),
        s.clockOffsetMillis(), online, problem);
  }

  private Duration until(Instant when) {
    Duration d = Duration.between(clock.instant(), when);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private void save() {
    try {
      store.save(status());
    } catch (RuntimeException e) {
      log.warn("Could not save the sync status: {}", e.getMessage());
    }
  }
}
