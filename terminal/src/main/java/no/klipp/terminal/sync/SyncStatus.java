package no.klipp.terminal.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How this terminal's sync stands, for {@code terminal status} and the display. Times are null
 * when the thing never happened; {@code problem} says what failed last, for people (no secrets).
 *
 * @param visitsWaiting visits not yet acknowledged by the server
 * @param visitsRefused visits the server refused, kept here for review
 * @param lastUpload when visits last reached the server (or a round found nothing to send)
 * @param lastDownload when the ledger was last brought up to date from the server
 * @param lastAttempt when the terminal last tried to reach the server
 * @param clockOffsetMillis the server's clock minus this terminal's, measured at the last answer
 * @param online whether the last attempt reached the server
 * @param problem what went wrong last, or null when the last attempt succeeded
 */
public record SyncStatus(
    long visitsWaiting,
    long visitsRefused,
    Instant lastUpload,
    Instant lastDownload,
    Instant lastAttempt,
    Long clockOffsetMillis,
    boolean online,
    String problem) {

  /** Before any contact with the server. */
  public static SyncStatus never() {
    return new SyncStatus(0, 0, null, null, null, null, false, null);
  }

  /** This status with the queue's current counts. */
  public SyncStatus withCounts(long waiting, long refused) {
    return new SyncStatus(waiting, refused, lastUpload, lastDownload, lastAttempt, clockOffsetMillis, online, problem);
  }

  /** The server's clock minus this terminal's, when known. */
  public Optional<Duration> clockOffset() {
    return Optional.ofNullable(clockOffsetMillis).map(Duration::ofMillis);
  }

  /**
   * A few lines for people at {@code now}, e.g. for {@code terminal status}; the running agent tries
   * to reach the server every {@code attemptsEvery} at the latest. The state is what the agent found
   * at its last attempt: when that is much older, the agent has stopped trying, and "online" would
   * mislead whoever is looking after the terminal.
   */
  public List<String> describe(Instant now, Duration attemptsEvery) {
    List<String> lines = new ArrayList<>();
    String state = online ? "online" : lastAttempt == null ? "not contacted yet" : "offline";
    if (lastAttempt != null && Duration.between(lastAttempt, now).compareTo(attemptsEvery.multipliedBy(2)) > 0) {
      state += " at the last attempt, " + human(Duration.between(lastAttempt, now)) + " ago; the agent tries every "
          + human(attemptsEvery) + " at the latest: is it running? (systemctl status klipp-terminal)";
    }
    lines.add("server:          " + state);
    lines.add("visits waiting:  " + visitsWaiting);
    if (visitsRefused > 0) {
      lines.add("visits refused:  " + visitsRefused + " (kept here for review)");
    }
    lines.add("last upload:     " + orNever(lastUpload));
    lines.add("last download:   " + orNever(lastDownload));
    lines.add("last attempt:    " + orNever(lastAttempt));
    lines.add("clock offset:    " + (clockOffsetMillis == null ? "unknown" : clockOffsetMillis + " ms (server minus terminal)"));
    if (problem != null) {
      lines.add("problem:         " + problem);
    }
    return lines;
  }

  /** "2 h 5 min", "40 min", "30 s". */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min";
    }
    if (s < 2 * 86_400) {
      return (s / 3600) + " h" + (s % 3600 >= 60 ? " " + (s % 3600 / 60) + " min" : "");
    }
    return (s / 86_400) + " days";
  }

  private static String orNever(Instant t) {
    return t == null ? "never" : t.toString();
  }
}
