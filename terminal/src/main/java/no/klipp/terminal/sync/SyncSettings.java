package no.klipp.terminal.sync;

import java.nio.file.Path;
import java.util.Objects;

/** The sync slice of the terminal's configuration: where the credential lives, and the loop's settings. */
public record SyncSettings(Path credential, SyncConfig loop) {

  /** Reported to the server on enrollment and with each upload. */
  public static final String SOFTWARE_VERSION = "klipp-terminal 0.1.0";

  public SyncSettings {
    Objects.requireNonNull(credential, "credential == null");
    Objects.requireNonNull(loop, "loop == null");
  }

  /** The loop's defaults with the credential at {@code credential}. */
  public static SyncSettings defaults(Path credential) {
    return new SyncSettings(credential, SyncConfig.defaults(SOFTWARE_VERSION));
  }
}
