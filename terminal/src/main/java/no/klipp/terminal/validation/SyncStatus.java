package no.klipp.terminal.validation;

import java.time.Instant;
import java.util.Optional;

/** When the terminal last synced with the server successfully; fed by the sync module. */
@FunctionalInterface
public interface SyncStatus {
  /** The end of the last successful sync (or snapshot import); empty when there was none. */
  Optional<Instant> lastSuccessfulSync();
}
