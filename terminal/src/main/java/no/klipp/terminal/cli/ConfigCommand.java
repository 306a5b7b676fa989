package no.klipp.terminal.cli;

import java.util.concurrent.Callable;
import no.klipp.terminal.config.TerminalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code terminal config}: checks the configuration, or prints every key with its default. */
@Command(name = "config", description = "Check the configuration and print it; --defaults prints every key documented.")
final class ConfigCommand implements Callable<Integer> {

  @ParentCommand TerminalCommand parent;

  @picocli.CommandLine.Option(names = "--defaults", description = "Print the documented defaults file.")
  boolean defaults;

  @Override
  public Integer call() {
    if (defaults) {
      parent.env.out().print(TerminalConfig.defaultsText());
    } else {
      parent.env.out().println(parent.config());
    }
    return ExitCodes.OK;
  }
}
