package no.klipp.terminal.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import no.klipp.terminal.config.TerminalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code terminal}: the venue agent's commands and the options they share. */
@Command(
    name = "terminal",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // every subcommand answers --help (and --version) too
    version = "Klipp terminal 0.1.0",
    description = "The Klipp venue terminal: validates cards offline against a local ledger.",
    subcommands = {ValidateCommand.class, LedgerCommand.class, RunCommand.class, DemoLedgerCommand.class,
        ConfigCommand.class, EnrollCommand.class, StatusCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:unexpected failure (a bug)",
        "2:wrong command line",
        "3:configuration is wrong",
        "4:ledger missing, damaged, full or not writable, or holding unsent visits the command would leave behind",
        "5:an input file is missing or malformed",
        "6:the server could not be reached or refused"})
public final class TerminalCommand {

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (Java properties; see 'terminal config').")
  Path configFile;

  @Option(names = "--db", paramLabel = "PATH", description = "Ledger database file; overrides ledger.path.")
  Path db;

  final Env env;

  public TerminalCommand(Env env) {
    this.env = env;
  }

  /** The configuration, loaded once per command from --config over the defaults, with --db applied. */
  TerminalConfig config() {
    TerminalConfig config = load(Map.of());
    // Once enrolled, the terminal is who the server says it is. (No credential file: skip reading
    // it, which would load the JSON machinery on the way to the first verdict.)
    Optional<String> enrolledAs = java.nio.file.Files.exists(config.sync().credential())
        ? Enrolled.terminalId(config) : Optional.empty();
    if (enrolledAs.isPresent() && !enrolledAs.get().equals(config.validation().terminalId())) {
      config = load(Map.of("terminal.id", enrolledAs.get()));
    }
    return config;
  }

  /**
   * The configuration from --config and --db without the stored credential's terminal id: for
   * enroll, which replaces the credential and so must not need it readable.
   */
  TerminalConfig configAsWritten() {
    return load(Map.of());
  }

  private TerminalConfig load(Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>(extra);
    if (db != null) {
      overrides.put("ledger.path", db.toString());
    }
    return TerminalConfig.load(Optional.ofNullable(configFile), overrides);
  }
}
