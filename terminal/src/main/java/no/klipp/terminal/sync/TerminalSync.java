package no.klipp.terminal.sync;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.time.Instant;
import no.klipp.terminal.ledger.Ledger;

/**
 * The sync of a running terminal, put together from its ledger and credential: {@code terminal run}
 * starts it, tells it of each new visit, and asks it for the status shown on the display.
 */
public final class TerminalSync implements AutoCloseable {

  private final SyncLoop loop;
  private final SyncRunner runner;

  private TerminalSync(SyncLoop loop, SyncRunner runner) {
    this.loop = loop;
    this.runner = runner;
  }

  /**
   * The loop for {@code identity} over {@code ledger}, not yet running.
   *
   * @param serverClock told the server's time after each answer (e.g. {@code Validator::serverTime})
   */
  public static SyncLoop loop(Ledger ledger, TerminalIdentity identity, SyncConfig config, Clock clock,
      RandomGenerator random, Consumer<Instant> serverClock) {
    return loop(ledger, identity, config, clock, random, serverClock, clock::instant);
  }

  /**
   * As above, recording completed downloads at {@code syncedAt}'s time (the time keeper's, which
   * the offline limit compares with; see {@link SyncLoop}).
   */
  public static SyncLoop loop(Ledger ledger, TerminalIdentity identity, SyncConfig config, Clock clock,
      RandomGenerator random, Consumer<Instant> serverClock, Supplier<Instant> syncedAt) {
    Objects.requireNonNull(identity, "identity == null");
    SyncClient client = new SyncClient(SyncClient.serverUrl(identity.server()), identity.token(), config.timeout(), clock);
    return new SyncLoop(client, identity, new LedgerVisitQueue(ledger, clock), new LedgerSyncSink(ledger),
        new LedgerStatusStore(ledger), config, clock, random, serverClock, syncedAt);
  }

  /**
   * Starts syncing {@code ledger} as {@code identity} on a thread of its own, recording completed
   * downloads at {@code syncedAt}'s time.
   */
  public static TerminalSync start(Ledger ledger, TerminalIdentity identity, SyncConfig config, Clock clock,
      RandomGenerator random, Consumer<Instant> serverClock, Supplier<Instant> syncedAt) {
    SyncLoop loop = loop(ledger, identity, config, clock, random, serverClock, syncedAt);
    return new TerminalSync(loop, new SyncRunner(loop, config.uploadDelay()).start());
  }

  /**
   * Makes sure the ledger at {@code path} holds the venue's data, loading a snapshot from the
   * server if it never did; waits (with backoff) while the server cannot be reached, telling
   * {@code waiting} why.
   */
  public static void loadLedger(Path path, TerminalIdentity identity, SyncConfig config, Clock clock,
      RandomGenerator random, Consumer<String> waiting) {
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.CREATE)) {
      LedgerSyncSink sink = new LedgerSyncSink(ledger);
      SyncLoop loop = loop(ledger, identity, config, clock, random, t -> { });
      while (sink.cursor().isEmpty()) {
        Duration wait = loop.round();
        if (sink.cursor().isEmpty()) {
          waiting.accept(String.valueOf(loop.status().problem()));
          try {
            Thread.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the ledger", e);
          }
        }
      }
    }
  }

  /** A visit was recorded: upload it soon. */
  public void visitRecorded() {
    runner.visitRecorded();
  }

  /** How the sync stands, for the display and {@code terminal status}. */
  public SyncStatus status() {
    return loop.status();
  }

  /**
   * Stops syncing. While the server is reachable, what waits is sent first (one last round);
   * whatever is still queued stays in the ledger for the next start.
   */
  @Override
  public void close() {
    runner.close();
    if (loop.online() && loop.status().visitsWaiting() > 0) {
      loop.round();
    }
  }
}
