package no.klipp.terminal.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import no.klipp.terminal.config.TerminalConfig;
import no.klipp.terminal.display.Screen;
import no.klipp.terminal.ledger.LedgerException;
import no.klipp.terminal.scan.ScanListener;
import no.klipp.terminal.scanner.LineScanner;
import no.klipp.terminal.sync.TerminalIdentity;
import no.klipp.terminal.sync.TerminalSync;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code terminal run}: the agent. Loads the configuration and the ledger, then validates what the
 * readers deliver (for now: lines on standard input) and prints each verdict.
 */
@Command(name = "run", description = "Run the terminal agent: validate scans from the readers (standard input for now).")
final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @ParentCommand TerminalCommand parent;

  @Override
  public Integer call() throws InterruptedException, java.io.IOException {
    Env env = parent.env;
    TerminalConfig config = parent.config();
    Optional<TerminalIdentity> identity = Enrolled.identity(config);
    if (identity.isPresent()) {
      // An enrolled terminal gets its ledger from the server; wait for it the first time.
      TerminalSync.loadLedger(config.ledger().path(), identity.get(), config.sync().loop(), env.clock(), env.random(),
          problem -> env.err().println("terminal: waiting for the ledger from the server: " + problem));
    }
    try (Session session = Session.open(config, env);
        TerminalSync sync = identity.map(id -> TerminalSync.start(session.ledger, id, config.sync().loop(), env.clock(),
            env.random(), session.time::observed)).orElse(null);
        Screen screen = Screen.start(config.display(), session.validator, session.ledger, env.clock(), env.random());
        LineScanner stdin = LineScanner.stream("standard input", env.in())) {
      VerdictWriter out = new VerdictWriter(env.out(), false);
      ScanListener listener = scan -> {
        try {
          out.verdict(screen.validate(scan));
          if (sync != null) {
            sync.visitRecorded();
          }
        } catch (LedgerException e) {
          log.warn("Scan not recorded: {}", e.getMessage());
          out.error(e);
        }
      };
      log.info("Terminal ready: ledger {}, {}", session.ledger.path(),
          identity.map(id -> "syncing with " + id.server()).orElse("not enrolled: no sync"));
      stdin.start(listener);
      stdin.awaitEnd(Duration.ofDays(365_000));
    }
    return ExitCodes.OK;
  }
}
