package no.klipp.server.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import no.klipp.server.db.Database;
import no.klipp.server.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signing in and out: passwords checked with Argon2, sessions as expiring bearer tokens. */
public final class Sessions {

  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  /** A new session's token (a secret: shown once) and when it expires. */
  public record Login(String token, Instant expiresAt, Person person) {
    @Override
    public String toString() {
      return "Login[" + person.username() + ", expires " + expiresAt + "]";
    }
  }

  private final Database db;
  private final UserRepository users;
  private final PasswordHasher hasher;
  private final Tokens tokens;
  private final Clock clock;
  private final Duration lifetime;
  private final String dummyHash;
  private final SignInThrottle throttle;

  /** {@code addressKey} (16 bytes or more, the same on every instance) keys the hashes of clients' addresses. */
  public Sessions(Database db, UserRepository users, PasswordHasher hasher, Tokens tokens, Clock clock,
      Duration lifetime, byte[] addressKey) {
    this.db = db;
    this.users = users;
    this.hasher = hasher;
    this.tokens = tokens;
    this.clock = clock;
    this.lifetime = lifetime;
    // Unknown names cost as much as wrong passwords, so timing does not tell which names exist.
    this.dummyHash = hasher.hash("klipp-dummy-password");
    this.throttle = new SignInThrottle(db, clock, addressKey);
  }

  /**
   * Signs in from the client address {@code from}, or fails with 401 without saying whether the
   * name or the password was wrong, or with 429 while the name or the address must wait after
   * repeated failures ({@link SignInThrottle}).
   */
  public Login login(String username, String password, InetAddress from) {
    Optional<Duration> wait = throttle.attempt(username, from);
    if (wait.isPresent()) {
      // The same answer whichever count refused: it tells nothing about the name either way.
      log.info("Sign-in refused unchecked: too many failures for the name or the address");
      throw ApiException.tooManyAttempts("too many failed sign-ins: try again in "
          + wait.get().toSeconds() + " s", wait.get().toSeconds() + 1);
    }
    // No user name holds a control character (Check.text), and PostgreSQL refuses a NUL in a query.
    Optional<UserRepository.StoredUser> user = username.chars().anyMatch(Character::isISOControl) ? Optional.empty()
        : db.read(sql -> users.byUsername(sql, username));
    boolean ok = hasher.verify(password, user.map(UserRepository.StoredUser::passwordHash).orElse(dummyHash));
    if (user.isEmpty() || !ok) {
      // Counted as a failure already, by the attempt.
      log.info("Sign-in refused");
      throw ApiException.unauthorized("wrong user name or password");
    }
    throttle.succeeded(username, from);
    Person person = user.get().person();
    String token = tokens.token();
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    db.transaction(sql -> {
      users.deleteExpiredSessions(sql, now);
      users.insertSession(sql, Tokens.hash(token), person.userId(), now, expires);
      return null;
    });
    log.info("User {} signed in as {}", person.userId(), person.role());
    return new Login(token, expires, person);
  }

  /** The person holding an unexpired session token. */
  public Optional<Person> authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    return db.read(sql -> users.bySession(sql, Tokens.hash(token), clock.instant()));
  }

  /** Ends a session. */
  public void logout(String token) {
    db.transaction(sql -> {
      users.deleteSession(sql, Tokens.hash(token));
      return null;
    });
  }
}
