package no.klipp.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import no.klipp.server.db.Database;

/**
 * Slows password guessing against one user name: after {@link #FREE_FAILURES} failures in a row,
 * each further attempt must wait, 30 s doubling up to 15 min, and is refused unchecked until then
 * (which also spares the Argon2 work). An attempt is counted before its password is checked, so
 * guesses sent in parallel are held to the same count. Kept per user name whether or not it exists,
 * so refusals tell nothing about which names do; a success clears it. Kept in the database ({@code sign_in_failure}),
 * so every server instance sharing it holds the same waits; a name quiet for {@link #FORGET_AFTER}
 * starts afresh, which bounds the table.
 */
final class SignInThrottle {

  static final int FREE_FAILURES = 5;
  static final Duration FIRST_WAIT = Duration.ofSeconds(30);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
  static final Duration FORGET_AFTER = Duration.ofDays(1);

  private final Database db;
  private final Clock clock;

  SignInThrottle(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Counts an attempt before its password is checked, as a failure until {@link #succeeded} says
   * otherwise, and answers empty; or answers the wait, counting nothing, while the name must wait.
   * One statement checks and counts, so guesses sent all at once get no more attempts than guesses
   * sent one after another. (It also forgets names that have been quiet for a day.)
   */
  Optional<Duration> attempt(String username) {
    Instant now = clock.instant();
    String key = key(username);
    return db.transaction(sql -> {
      sql.update("DELETE FROM sign_in_failure WHERE last_failed_at < ?", now.minus(FORGET_AFTER));
      Optional<Integer> count = sql.one("INSERT INTO sign_in_failure (name_hash, failures, last_failed_at)"
          + " VALUES (?, 1, ?) ON CONFLICT (name_hash) DO UPDATE SET failures = sign_in_failure.failures + 1,"
          + " last_failed_at = excluded.last_failed_at"
          + " WHERE sign_in_failure.wait_until IS NULL OR sign_in_failure.wait_until <= ? RETURNING failures",
          r -> r.intValue("failures"), key, now, now);
      if (count.isEmpty()) {
        Instant until = sql.one("SELECT wait_until FROM sign_in_failure WHERE name_hash = ?",
            r -> r.instant("wait_until"), key).orElseThrow();
        return Optional.of(Duration.between(now, until));
      }
      if (count.get() >= FREE_FAILURES) {
        long doublings = Math.min(count.get() - FREE_FAILURES, 10);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        sql.update("UPDATE sign_in_failure SET wait_until = ? WHERE name_hash = ?",
            now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait), key);
      }
      return Optional.<Duration>empty();
    });
  }

  /** Records a success: the name starts afresh. */
  void succeeded(String username) {
    db.transaction(sql -> sql.update("DELETE FROM sign_in_failure WHERE name_hash = ?", key(username)));
  }

  /** The stored form of a name: however it was written, and never the name itself. */
  private static String key(String username) {
    return Tokens.hash(username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
  }
}
