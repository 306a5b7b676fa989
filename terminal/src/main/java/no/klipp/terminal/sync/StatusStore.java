package no.klipp.terminal.sync;

import java.util.Optional;

/** Keeps the sync status across restarts, so {@code terminal status} can read it from another process. */
public interface StatusStore {

  /** The status saved last, if any. */
  Optional<SyncStatus> load();

  /** Saves {@code status}, replacing the earlier one. */
  void save(SyncStatus status);
}
