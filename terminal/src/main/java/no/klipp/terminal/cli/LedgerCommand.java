package no.klipp.terminal.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.LedgerLock;
import no.klipp.terminal.ledger.LedgerStats;
import no.klipp.terminal.ledger.SnapshotImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code terminal ledger}: load a snapshot, show what the ledger holds. */
@Command(name = "ledger", description = "Manage the local ledger.",
    subcommands = {LedgerCommand.Import.class, LedgerCommand.Stats.class})
final class LedgerCommand {

  @ParentCommand TerminalCommand parent;

  /** {@code terminal ledger import FILE}. */
  @Command(name = "import", description = "Load a ledger snapshot (the sync API's JSON), replacing the roster and keeping every visit.")
  static final class Import implements Callable<Integer> {

    @ParentCommand LedgerCommand ledger;

    @Parameters(paramLabel = "FILE", description = "Snapshot JSON file.")
    Path file;

    @Override
    public Integer call() {
      Env env = ledger.parent.env;
      Path path = ledger.parent.config().ledger().path();
      long start = System.nanoTime();
      LedgerSnapshot snapshot = SnapshotImport.read(file);
      try (LedgerLock held = LedgerLock.take(path); Ledger db = Ledger.open(path, Ledger.Mode.CREATE)) {
        SnapshotImport.Result r = new SnapshotImport(db).replace(snapshot, env.clock().instant());
        long ms = (System.nanoTime() - start) / 1_000_000;
        env.out().printf("Loaded venue %s: %d cards, %d offers, %d revocations, %d usage counts into %s in %d ms%n",
            r.venueId(), r.cards(), r.offers(), r.revocations(), r.usage(), path, ms);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code terminal ledger stats}. */
  @Command(name = "stats", description = "Print what the ledger holds, as JSON (no personal data).")
  static final class Stats implements Callable<Integer> {

    @ParentCommand LedgerCommand ledger;

    @Override
    public Integer call() throws Exception {
      Env env = ledger.parent.env;
      try (Ledger db = Ledger.open(ledger.parent.config().ledger().path(), Ledger.Mode.EXISTING)) {
        env.out().println(Json.mapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(LedgerStats.of(db)));
      }
      return ExitCodes.OK;
    }
  }
}
