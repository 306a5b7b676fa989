package no.klipp.terminal.sync;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
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
   * @param serverClock told the server's time after each answer (e.g. {@code TimeKeeper::observed})
   */
  public static SyncLoop loop(Ledger ledger, TerminalIdentity identity, SyncConfig config, Clock clock,
      RandomGenerator random, Consumer<Instant> serverClock) {
    Objects.requireNonNull(identity, "identity == null");
    SyncClient client = new SyncClient(SyncClient.serverUrl(identity.server()), identity.token(), config.timeout(), clock);
    return new SyncLoop(client, identity, new LedgerVisitQueue(ledger, clock), new LedgerSyncSink(ledger),
        new LedgerStatusStore(ledger), config, clock, random, serverClock);
  }

  /** Starts syncing {@code ledger} as {@code identity} on a thread of its own. */
  public static TerminalSync start(Ledger ledger, TerminalIdentity identity, SyncConfig config, Clock clock,
      RandomGenerator random, Consumer<Instant> serverClock) {
    SyncLoop loop = loop(ledger, identity, config, clock, random, serverClock);
    return new TerminalSync(loop, new SyncRunner(loop, config.uploadDelay()).start());
  }

  /** A visit was recorded: upload it soon. */
  public void visitRecorded() {
    runner.visitRecorded();
  }

  /** How the sync stands, for the display and {@code terminal status}. */
  public SyncStatus status() {
    return loop.status();
  }

  /** Stops syncing; queued visits stay in the ledger for the next start. */
  @Override
  public void close() {
    runner.close();
  }
}
