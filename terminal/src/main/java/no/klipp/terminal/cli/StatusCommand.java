package no.klipp.terminal.cli;

import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.Callable;
import no.klipp.protocol.sync.Json;
import no.klipp.terminal.config.TerminalConfig;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Roster;
import no.klipp.terminal.sync.LedgerStatusStore;
import no.klipp.terminal.sync.LedgerVisitQueue;
import no.klipp.terminal.sync.SyncStatus;
import no.klipp.terminal.sync.TerminalIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code terminal status}: enrollment and sync status, read from the credential and the ledger. */
@Command(name = "status", description = "Show the enrollment and the sync status: server reachable, visits waiting, "
    + "last upload and download, clock offset to the server.")
final class StatusCommand implements Callable<Integer> {

  @ParentCommand TerminalCommand parent;

  @Option(names = "--json", description = "One JSON object, for scripts.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Env env = parent.env;
    TerminalConfig config = parent.config();
    Optional<TerminalIdentity> identity = Enrolled.identity(config);
    SyncStatus status = SyncStatus.never();
    Optional<String> unready = Optional.empty();
    if (Files.exists(config.ledger().path())) {
      try (Ledger ledger = Ledger.open(config.ledger().path(), Ledger.Mode.EXISTING)) {
        status = new LedgerStatusStore(ledger).current(new LedgerVisitQueue(ledger, env.clock()));
        unready = unready(new Roster(ledger));
      }
    }
    if (json) {
      env.out().println(Json.mapper().writeValueAsString(status));
      return ExitCodes.OK;
    }
    env.out().println(identity.map(id -> "terminal:        " + id.terminalId() + " of "
            + (id.venueName() == null ? id.venueId() : id.venueName() + " (" + id.venueId() + ")")
            + "\nserver address:  " + id.server())
        .orElse("terminal:        not enrolled ('terminal enroll --server URL --code-stdin')"));
    status.describe(env.clock().instant(), config.sync().loop().attemptsEvery()).forEach(env.out()::println);
    unready.ifPresent(env.out()::println);
    return ExitCodes.OK;
  }

  /** A line saying why the terminal cannot judge cards yet, when it cannot (the validator's NOT_READY). */
  private static Optional<String> unready(Roster roster) {
    if (roster.scheme().isEmpty()) {
      return Optional.of("ledger:          no snapshot yet: no card can be checked until the terminal syncs");
    }
    if (roster.issuerKeys().isEmpty()) {
      return Optional.of("ledger:          no issuer keys: every card code is answered 'terminal not ready' "
          + "until the terminal syncs");
    }
    return Optional.empty();
  }
}
