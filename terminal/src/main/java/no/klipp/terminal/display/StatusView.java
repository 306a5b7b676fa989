package no.klipp.terminal.display;

import java.time.Instant;

/**
 * The terminal's health for the staff status line.
 *
 * @param online whether the last contact with the sync server succeeded
 * @param visitsWaiting visits recorded here and not yet acknowledged by the server
 * @param lastSync when the last sync round succeeded; null before the first
 */
public record StatusView(boolean online, int visitsWaiting, Instant lastSync) implements DisplayEvent {

  /** Before anything is known: offline, nothing waiting, never synced. */
  public static final StatusView UNKNOWN = new StatusView(false, 0, null);

  public StatusView {
    if (visitsWaiting < 0) {
      throw new IllegalArgumentException("visitsWaiting < 0: " + visitsWaiting);
    }
  }

  @Override
  public String type() {
    return "status";
  }
}
