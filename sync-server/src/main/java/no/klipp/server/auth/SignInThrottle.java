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
 * (which also spares the Argon2 work). Kept per user name whether or not it exists, so refusals tell
 * nothing about which names do; a success clears it. Kept in the database ({@code sign_in_failure}),
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

  /** How long the name must still wait before its next attempt is checked; empty when it may try now. */
  Optional<Duration> wait(String username) {
    Optional<Instant> until = db.read(sql -> sql.one("SELECT wait_until FROM sign_in_failure WHERE name_hash = ?",
        r -> Optional.ofNullable(r.instant("wait_until")), key(username))).flatMap(u -> u);
    if (until.isEmpty()) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), until.get());
    return left.isPositive() ? Optional.of(left) : Optional.empty();
  }

  /** Records a failed attempt (and forgets names that have been quiet for a day). */
  void failed(String username) {
    Instant now = clock.instant();
    String key = key(username);
    db.transaction(sql -> {
      sql.update("DELETE FROM sign_in_failure WHERE last_failed_at < ?", now.minus(FORGET_AFTER));
      int count = sql.one("INSERT INTO sign_in_failure (name_hash, failures, last_failed_at) VALUES (?, 1, ?)"
          + " ON CONFLICT (name_hash) DO UPDATE SET failures = sign_in_failure.failures + 1,"
          + " last_failed_at = excluded.last_failed_at RETURNING failures", r -> r.intValue("failures"), key, now)
          .orElseThrow();
      if (count >= FREE_FAILURES) {
        long doublings = Math.min(count - FREE_FAILURES, 10);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        sql.update("UPDATE sign_in_failure SET wait_until = ? WHERE name_hash = ?",
            now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait), key);
      }
      return null;
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
