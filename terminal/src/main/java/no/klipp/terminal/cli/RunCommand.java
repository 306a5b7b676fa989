package no.klipp.terminal.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import no.klipp.terminal.config.TerminalConfig;
import no.klipp.terminal.display.Screen;
import no.klipp.terminal.ledger.LedgerException;
import no.klipp.terminal.scan.ScanListener;
import no.klipp.terminal.scanner.LineScanner;
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
    try (Session session = Session.open(config, env);
        Screen screen = Screen.start(config.display(), session.validator, session.ledger, env.clock(), env.random());
        LineScanner stdin = LineScanner.stream("standard input", env.in())) {
      VerdictWriter out = new VerdictWriter(env.out(), false);
      ScanListener listener = scan -> {
        try {
          out.verdict(screen.validate(scan));
        } catch (LedgerException e) {
          log.warn("Scan not recorded: {}", e.getMessage());
          out.error(e);
        }
      };
      log.info("Terminal ready: ledger {}", session.ledger.path());
      stdin.start(listener);
      stdin.awaitEnd(Duration.ofDays(365_000));
    }
    return ExitCodes.OK;
  }
}
