package no.klipp.terminal.cli;

import java.io.PrintWriter;
import no.klipp.terminal.config.ConfigException;
import no.klipp.terminal.ledger.InvalidSnapshotException;
import no.klipp.terminal.ledger.LedgerException;
import picocli.CommandLine;

/** Runs a terminal command line and turns failures into a message and an exit code. */
public final class Cli {

  private Cli() {}

  /** Executes {@code args} in {@code env}; returns the exit code (see {@link ExitCodes}). */
  public static int execute(String[] args, Env env) {
    CommandLine cmd = new CommandLine(new TerminalCommand(env));
    cmd.setOut(new PrintWriter(env.out(), true));
    cmd.setErr(new PrintWriter(env.err(), true));
    cmd.setExecutionExceptionHandler((e, line, parse) -> {
      int code = switch (e) {
        case ConfigException c -> ExitCodes.CONFIG;
        case LedgerException l -> ExitCodes.LEDGER;
        case UnsentVisitsException u -> ExitCodes.LEDGER;
        case InvalidSnapshotException s -> ExitCodes.INPUT;
        case InputFileException i -> ExitCodes.INPUT;
        case java.io.IOException io -> ExitCodes.INPUT;
        case no.klipp.terminal.sync.SyncException s -> ExitCodes.SERVER;
        default -> ExitCodes.INTERNAL;
      };
      if (code == ExitCodes.CONFIG) {
        env.err().println("terminal: the configuration is wrong:");
        ((ConfigException) e).problems().forEach(p -> env.err().println("  " + p));
      } else if (code == ExitCodes.INTERNAL) {
        env.err().println("terminal: unexpected failure, please report it:");
        e.printStackTrace(env.err());
      } else {
        env.err().println("terminal: " + e.getMessage());
      }
      env.err().flush();
      return code;
    });
    return cmd.execute(args);
  }
}
