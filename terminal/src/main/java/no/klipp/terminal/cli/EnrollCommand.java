package no.klipp.terminal.cli;

import java.util.concurrent.Callable;
import no.klipp.terminal.config.TerminalConfig;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Meta;
import no.klipp.terminal.sync.Enrollment;
import no.klipp.terminal.sync.IdentityFile;
import no.klipp.terminal.sync.SyncClient;
import no.klipp.terminal.sync.SyncException;
import no.klipp.terminal.sync.SyncLoop;
import no.klipp.terminal.sync.SyncSettings;
import no.klipp.terminal.sync.TerminalIdentity;
import no.klipp.terminal.sync.TerminalSync;
import okhttp3.HttpUrl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code terminal enroll}: trades a one-time code for this terminal's credential, then loads its ledger. */
@Command(name = "enroll", description = "Enroll this terminal with the server using the one-time code an "
    + "administrator got when registering it, store the credential (sync.credential, mode 0600) and load the ledger.")
final class EnrollCommand implements Callable<Integer> {

  @ParentCommand TerminalCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--server", required = true, paramLabel = "URL", description = "The server, e.g. https://klipp.example.no")
  String server;

  @Option(names = "--code", required = true, paramLabel = "CODE", description = "The one-time enrollment code")
  String code;

  @Override
  public Integer call() throws SyncException, java.io.IOException {
    Env env = parent.env;
    TerminalConfig config = parent.config();
    HttpUrl url;
    try {
      url = SyncClient.serverUrl(server);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--server: " + e.getMessage());
    }
    TerminalIdentity identity = new Enrollment(new IdentityFile(config.sync().credential()),
        config.sync().loop().timeout(), env.clock(), env.random()).enroll(url, code, SyncSettings.SOFTWARE_VERSION);
    env.out().println("Enrolled as terminal " + identity.terminalId() + " of "
        + (identity.venueName() == null ? "venue" : identity.venueName()) + " (" + identity.venueId() + ")");
    env.out().println("Credential stored in " + config.sync().credential());
    try (Ledger ledger = Ledger.open(config.ledger().path(), Ledger.Mode.CREATE)) {
      // A new enrollment may be for another venue: load a whole snapshot, not changes.
      ledger.setMeta(Meta.CURSOR, "");
      SyncLoop loop = TerminalSync.loop(ledger, identity, config.sync().loop(), env.clock(), env.random(), t -> { });
      loop.round();
      if (ledger.meta(Meta.CURSOR).filter(c -> !c.isBlank()).isPresent()) {
        env.out().println("Ledger loaded into " + ledger.path());
      } else {
        env.out().println("Ledger not loaded yet (" + loop.status().problem() + "); 'terminal run' will load it");
      }
    }
    return ExitCodes.OK;
  }
}
