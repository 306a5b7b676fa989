package no.klipp.terminal.cli;

import java.util.List;
import java.util.Optional;
import no.klipp.terminal.config.ConfigException;
import no.klipp.terminal.config.TerminalConfig;
import no.klipp.terminal.sync.IdentityFile;
import no.klipp.terminal.sync.TerminalIdentity;

/** The terminal's enrollment as stored at {@code sync.credential}, for the commands. */
final class Enrolled {

  private Enrolled() {}

  /** The stored identity; empty when never enrolled. */
  static Optional<TerminalIdentity> identity(TerminalConfig config) {
    try {
      return new IdentityFile(config.sync().credential()).load();
    } catch (IllegalStateException e) {
      throw new ConfigException(List.of("sync.credential: " + e.getMessage()));
    }
  }

  /** The enrolled terminal id, if enrolled. */
  static Optional<String> terminalId(TerminalConfig config) {
    return identity(config).map(TerminalIdentity::terminalId);
  }
}
