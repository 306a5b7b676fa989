package no.klipp.server.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.klipp.server.db.Database;
import no.klipp.server.db.Sql;

/**
 * Slows password guessing, counting failures both per user name (against guessing one name's
 * password) and per client address (against password spraying: a few guesses for each of many
 * names). After {@link #FREE_FAILURES} failures in a row for a name, or
 * {@link #FREE_FAILURES_PER_ADDRESS} from an address, each further attempt must wait, 30 s doubling
 * up to 15 min, and is refused unchecked until then (which also spares the Argon2 work); whichever
 * waits longer applies. An attempt is counted before its password is checked, so guesses sent in
 * parallel are held to the same count. Kept per user name whether or not it exists, so refusals
 * tell nothing about which names do; a success clears both its name's and its address's count.
 * Kept in the database ({@code sign_in_failure}, {@code sign_in_address_failure}), so every server
 * instance sharing it holds the same waits; a name or address quiet for {@link #FORGET_AFTER}
 * starts afresh, which bounds the tables.
 */
final class SignInThrottle {

  static final int FREE_FAILURES = 5;
  /**
   * Four times a name's: an office of caseworkers behind one NAT address shares this count, but
   * each success there clears it, so only failures with no success in between add up; 20 of them is
   * four people each using up their own name's free tries, not ordinary typing. A sprayer from one
   * address gets 20 guesses, then 30 s, 1 min, 2 min... 15 min apart: about a hundred a day.
   */
  static final int FREE_FAILURES_PER_ADDRESS = 20;
  static final Duration FIRST_WAIT = Duration.ofSeconds(30);
  static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
  static final Duration FORGET_AFTER = Duration.ofDays(1);

  /** A table of failures: what it counts by, and how many failures in a row are free. */
  private record Counter(String table, String column, int freeFailures) {}

  private static final Counter BY_NAME = new Counter("sign_in_failure", "name_hash", FREE_FAILURES);
  private static final Counter BY_ADDRESS =
      new Counter("sign_in_address_failure", "address_hash", FREE_FAILURES_PER_ADDRESS);

  /** Ends the counting transaction so that it stores nothing. */
  private static final class Refused extends RuntimeException {
    final Duration wait;

    Refused(Duration wait) {
      super("refused", null, false, false);
      this.wait = wait;
    }
  }

  private final Database db;
  private final Clock clock;
  private final SecretKeySpec addressKey;

  /** {@code addressKey} keys the addresses' hashes: a plain hash of an IPv4 address is undone by trying all 2^32. */
  SignInThrottle(Database db, Clock clock, byte[] addressKey) {
    this.db = Objects.requireNonNull(db, "db == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    Objects.requireNonNull(addressKey, "addressKey == null");
    if (addressKey.length < 16) {
      throw new IllegalArgumentException("addressKey shorter than 16 bytes: " + addressKey.length);
    }
    this.addressKey = new SecretKeySpec(addressKey, "HmacSHA256");
  }

  /**
   * Counts an attempt before its password is checked, as a failure of its name and of its address
   * until {@link #succeeded} says otherwise, and answers empty; or answers the longer wait, counting
   * nothing, while the name or the address must wait. One statement per count checks and counts, in
   * one transaction, so guesses sent all at once get no more attempts than guesses sent one after
   * another. (It also forgets names and addresses that have been quiet for a day.)
   */
  Optional<Duration> attempt(String username, InetAddress from) {
    Instant now = clock.instant();
    String name = nameKey(username);
    String address = addressKey(from);
    db.transaction(sql -> {
      for (Counter c : new Counter[] {BY_NAME, BY_ADDRESS}) {
        sql.update("DELETE FROM " + c.table() + " WHERE last_failed_at < ?", now.minus(FORGET_AFTER));
      }
      return null;
    });
    try {
      return db.transaction(sql -> {
        // Always the address first, then the name: parallel attempts lock the rows in the same order.
        Optional<Duration> byAddress = count(sql, BY_ADDRESS, address, now);
        Optional<Duration> byName = count(sql, BY_NAME, name, now);
        if (byAddress.isPresent() || byName.isPresent()) {
          // Rolls back the other count too: an attempt refused unchecked is no failure of either.
          throw new Refused(byAddress.orElse(Duration.ZERO).compareTo(byName.orElse(Duration.ZERO)) > 0
              ? byAddress.get() : byName.get());
        }
        return Optional.<Duration>empty();
      });
    } catch (Refused r) {
      return Optional.of(r.wait);
    }
  }

  /** Records a success: the name and the address start afresh. */
  void succeeded(String username, InetAddress from) {
    String name = nameKey(username);
    String address = addressKey(from);
    db.transaction(sql -> {
      sql.update("DELETE FROM sign_in_address_failure WHERE address_hash = ?", address);
      return sql.update("DELETE FROM sign_in_failure WHERE name_hash = ?", name);
    });
  }

  /** Counts a failure for {@code key}, setting its wait once it is past the free ones; or answers its wait. */
  private static Optional<Duration> count(Sql sql, Counter c, String key, Instant now) throws java.sql.SQLException {
    Optional<Integer> failures = sql.one(("INSERT INTO %1$s (%2$s, failures, last_failed_at) VALUES (?, 1, ?)"
        + " ON CONFLICT (%2$s) DO UPDATE SET failures = %1$s.failures + 1, last_failed_at = excluded.last_failed_at"
        + " WHERE %1$s.wait_until IS NULL OR %1$s.wait_until <= ? RETURNING failures").formatted(c.table(), c.column()),
        r -> r.intValue("failures"), key, now, now);
    if (failures.isEmpty()) {
      Instant until = sql.one("SELECT wait_until FROM %s WHERE %s = ?".formatted(c.table(), c.column()),
          r -> r.instant("wait_until"), key).orElseThrow();
      return Optional.of(Duration.between(now, until));
    }
    if (failures.get() >= c.freeFailures()) {
      long doublings = Math.min(failures.get() - c.freeFailures(), 10);
      Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
      sql.update("UPDATE %s SET wait_until = ? WHERE %s = ?".formatted(c.table(), c.column()),
          now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait), key);
    }
    return Optional.empty();
  }

  /** The stored form of a name: however it was written, and never the name itself. */
  private static String nameKey(String username) {
    return Tokens.hash(username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
  }

  /**
   * The stored form of an address: keyed, so it cannot be undone by trying every address. An IPv6
   * client is counted by its /64, the least a subscriber is given, or it could take a fresh address
   * for each guess.
   */
  private String addressKey(InetAddress from) {
    Objects.requireNonNull(from, "from == null");
    byte[] bytes = from instanceof Inet6Address ? Arrays.copyOf(from.getAddress(), 8) : from.getAddress();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(addressKey);
      return HexFormat.of().formatHex(mac.doFinal(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }
}
