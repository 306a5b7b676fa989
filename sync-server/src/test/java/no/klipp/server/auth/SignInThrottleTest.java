package no.klipp.server.auth;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import no.klipp.server.Server;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.FakeClock;
import no.klipp.server.support.TestDb;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.TrustedProxies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignInThrottleTest {

  private static final byte[] KEY = "a test key of 32 bytes, no more.".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void waitsGrowFromThirtySecondsToFifteenMinutesAndASuccessClearsThem(Dialect dialect) {
    try (TestDb testDb = TestDb.fresh(dialect)) {
      FakeClock clock = new FakeClock(TestServer.START);
      SignInThrottle t = throttle(testDb, clock);
      // Each guess from an address of its own: the name's count alone.
      for (int i = 1; i < SignInThrottle.FREE_FAILURES; i++) {
        assertEquals(Optional.empty(), t.attempt("Kultur", address("192.0.2." + i)), "failure " + i + " is free");
      }
      assertEquals(Optional.empty(), t.attempt("kultur ", address("192.0.2.5")), "the last free one is checked too");
      assertEquals(Optional.of(Duration.ofSeconds(30)), t.attempt("KULTUR", address("192.0.2.6")),
          "the same name, however written");
      assertEquals(Optional.empty(), t.attempt("someone-else", address("192.0.2.6")));
      clock.advance(Duration.ofSeconds(30));
      assertEquals(Optional.empty(), t.attempt("kultur", address("192.0.2.7")));
      assertEquals(Optional.of(Duration.ofSeconds(60)), t.attempt("kultur", address("192.0.2.8")));
      assertEquals(Optional.of(Duration.ofSeconds(60)), t.attempt("kultur", address("192.0.2.8")),
          "a refused attempt is not counted");
      for (int i = 0; i < 20; i++) {
        clock.advance(SignInThrottle.LONGEST_WAIT);
        assertEquals(Optional.empty(), t.attempt("kultur", address("198.51.100." + i)));
      }
      assertEquals(Optional.of(SignInThrottle.LONGEST_WAIT), t.attempt("kultur", address("192.0.2.9")));
      t.succeeded("kultur", address("192.0.2.9"));
      assertEquals(Optional.empty(), t.attempt("kultur", address("192.0.2.9")));
      assertEquals(Optional.empty(), t.attempt("kultur", address("192.0.2.9")), "counting starts afresh after a success");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void namesAndAddressesAreStoredOnlyAsHashesAndForgottenAfterADayOfQuiet(Dialect dialect) {
    try (TestDb testDb = TestDb.fresh(dialect)) {
      FakeClock clock = new FakeClock(TestServer.START);
      SignInThrottle t = throttle(testDb, clock);
      InetAddress from = address("203.0.113.77");
      for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
        t.attempt("correct horse battery", from);
      }
      t.attempt("invented-1", address("2001:db8::77"));
      List<String> stored = testDb.db.read(sql -> sql.list("SELECT name_hash FROM sign_in_failure", r -> r.string("name_hash")));
      assertEquals(2, stored.size());
      assertTrue(stored.stream().noneMatch(h -> h.contains("horse") || h.contains("invented")), stored.toString());
      List<String> addresses = testDb.db.read(sql -> sql.list("SELECT address_hash FROM sign_in_address_failure",
          r -> r.string("address_hash")));
      assertEquals(2, addresses.size());
      // Keyed: not the address, nor a plain hash of its text or bytes, which anyone could recompute.
      for (String unkeyed : List.of("203.0.113.77", Tokens.hash("203.0.113.77"), "2001:db8", "cb00714d")) {
        assertTrue(addresses.stream().noneMatch(h -> h.contains(unkeyed)), addresses.toString());
      }
      assertTrue(t.attempt("correct horse battery", from).isPresent());

      clock.advance(SignInThrottle.FORGET_AFTER.plusSeconds(1));
      t.attempt("invented-2", address("192.0.2.1"));
      assertEquals(List.of(1L), testDb.db.read(sql -> sql.list("SELECT COUNT(*) AS n FROM sign_in_failure",
          r -> r.longValue("n"))), "the names quiet for a day are gone");
      assertEquals(List.of(1L), testDb.db.read(sql -> sql.list("SELECT COUNT(*) AS n FROM sign_in_address_failure",
          r -> r.longValue("n"))), "the addresses quiet for a day are gone");
      t.attempt("correct horse battery", from);
      assertEquals(Optional.empty(), t.attempt("correct horse battery", from), "a forgotten name starts afresh");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theWaitHoldsOnEveryInstanceSharingTheDatabase(Dialect dialect) {
    try (TestServer ts = new TestServer(dialect)) {
      new World(ts, "Shared");
      String name = "Shared-admin";
      try (Server other = ts.anotherInstance()) {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
          Server instance = i % 2 == 0 ? ts.server : other;
          ApiException e = assertThrows(ApiException.class, () -> instance.sessions.login(name, "wrong", TestServer.CLIENT));
          assertEquals(401, e.status());
        }
        for (Server instance : List.of(ts.server, other)) {
          ApiException e = assertThrows(ApiException.class,
              () -> instance.sessions.login(name, TestServer.PASSWORD, TestServer.CLIENT));
          assertEquals(429, e.status(), "failures spread over two instances count together");
        }
        ts.clock.advance(SignInThrottle.FIRST_WAIT);
        assertFalse(other.sessions.login(name, TestServer.PASSWORD, TestServer.CLIENT).token().isEmpty());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void guessesSentAllAtOnceGetNoMoreFreeAttemptsThanGuessesSentOneByOne(Dialect dialect) throws Exception {
    try (TestServer ts = new TestServer(dialect, 8)) {
      new World(ts, "Parallel");
      // Argon2 at a cost where checking a password takes a while, as in production: the window in
      // which a name not yet waiting could let more guesses in than FREE_FAILURES.
      Sessions sessions = slowSessions(ts);
      assertEquals(SignInThrottle.FREE_FAILURES, passwordsChecked(16,
          i -> () -> sessions.login("Parallel-admin", "guess " + i, TestServer.CLIENT)),
          "guesses whose password was checked");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void sprayingManyNamesFromOneAddressIsSlowedButAnotherAddressIsNot(Dialect dialect) {
    try (TestDb testDb = TestDb.fresh(dialect)) {
      FakeClock clock = new FakeClock(TestServer.START);
      SignInThrottle t = throttle(testDb, clock);
      InetAddress sprayer = address("203.0.113.9");
      for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
        assertEquals(Optional.empty(), t.attempt("name-" + i, sprayer), "guess " + i + " is free");
      }
      assertEquals(Optional.of(Duration.ofSeconds(30)), t.attempt("name-x", sprayer), "each name fresh, the address not");
      assertEquals(Optional.empty(), t.attempt("name-x", address("203.0.113.10")), "another address is not slowed");
      clock.advance(Duration.ofSeconds(30));
      assertEquals(Optional.empty(), t.attempt("name-y", sprayer));
      assertEquals(Optional.of(Duration.ofSeconds(60)), t.attempt("name-z", sprayer), "and the waits grow");
      assertEquals(Optional.of(Duration.ofSeconds(60)), t.attempt("name-z", sprayer), "a refused attempt is not counted");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anAttemptRefusedByItsAddressIsNoFailureOfItsNameAndTheLongerWaitApplies(Dialect dialect) {
    try (TestDb testDb = TestDb.fresh(dialect)) {
      FakeClock clock = new FakeClock(TestServer.START);
      SignInThrottle t = throttle(testDb, clock);
      InetAddress office = address("198.51.100.1");
      InetAddress busy = address("198.51.100.2");
      for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
        t.attempt("typo-" + i, busy);
      }
      for (int i = 1; i < SignInThrottle.FREE_FAILURES; i++) {
        t.attempt("kari", office);
      }
      assertEquals(Optional.of(Duration.ofSeconds(30)), t.attempt("kari", busy));
      assertEquals(Optional.empty(), t.attempt("kari", office), "still her last free failure: the refusal did not count");
      clock.advance(Duration.ofSeconds(30));
      assertEquals(Optional.empty(), t.attempt("typo-x", busy), "the address's 21st: it waits 60 s");
      clock.advance(Duration.ofSeconds(10));
      assertEquals(Optional.empty(), t.attempt("kari", office), "the name's 6th: it waits 60 s, 10 s after the address");
      clock.advance(Duration.ofSeconds(40));
      assertEquals(Optional.of(Duration.ofSeconds(20)), t.attempt("kari", busy), "both wait: the longer wait applies");
      assertEquals(Optional.of(Duration.ofSeconds(10)), t.attempt("someone", busy), "only the address waits");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aSuccessFromAnAddressStartsItsCountAfresh(Dialect dialect) {
    try (TestDb testDb = TestDb.fresh(dialect)) {
      FakeClock clock = new FakeClock(TestServer.START);
      SignInThrottle t = throttle(testDb, clock);
      InetAddress office = address("198.51.100.1");
      for (int i = 1; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
        assertEquals(Optional.empty(), t.attempt("typo-" + i, office));
      }
      assertEquals(Optional.empty(), t.attempt("kari", office));
      t.succeeded("kari", office);
      for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
        assertEquals(Optional.empty(), t.attempt("another-typo-" + i, office), "failure " + i + " after the success");
      }
      assertTrue(t.attempt("one-too-many", office).isPresent());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anIpv6ClientIsCountedByItsSlash64(Dialect dialect) {
    try (TestDb testDb = TestDb.fresh(dialect)) {
      FakeClock clock = new FakeClock(TestServer.START);
      SignInThrottle t = throttle(testDb, clock);
      for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
        assertEquals(Optional.empty(), t.attempt("name-" + i, address("2001:db8:1:2::" + Integer.toHexString(i + 1))));
      }
      assertTrue(t.attempt("name-x", address("2001:db8:1:2:abcd:ef01:2345:6789")).isPresent(),
          "a fresh address from the same /64 is the same client");
      assertEquals(Optional.empty(), t.attempt("name-x", address("2001:db8:1:3::1")), "another /64 is not");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void guessesFromOneAddressSentAllAtOnceGetNoMoreFreeAttemptsThanGuessesSentOneByOne(Dialect dialect)
      throws Exception {
    try (TestServer ts = new TestServer(dialect, 8)) {
      new World(ts, "Sprayed");
      Sessions sessions = slowSessions(ts);
      InetAddress sprayer = address("203.0.113.50");
      // A different name each time (half of them real), so only the address's count can hold them.
      assertEquals(SignInThrottle.FREE_FAILURES_PER_ADDRESS, passwordsChecked(32,
          i -> () -> sessions.login(i % 2 == 0 ? "Sprayed-admin-" + i : "sprayed-guess-" + i, "guess", sprayer)),
          "guesses whose password was checked");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void xForwardedForFromATrustedProxyTellsTheClientAndTheAnswerIsTheUsualOne(Dialect dialect) {
    try (TestServer ts = new TestServer(dialect)) {
      new World(ts, "Proxied");
      // The test client connects from 127.0.0.1, as Caddy or nginx on the same machine does.
      Map<String, String> sprayer = Map.of("X-Forwarded-For", "203.0.113.9");
      for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
        assertEquals(401, ts.client.postWithHeaders(LOGIN, credentials("nobody-" + i, "x"), sprayer).status());
      }
      Client.Response refused = ts.client.postWithHeaders(LOGIN, credentials("Proxied-admin", TestServer.PASSWORD), sprayer);
      Client.Response unknown = ts.client.postWithHeaders(LOGIN, credentials("nobody-else", "x"), sprayer);
      for (Client.Response r : List.of(refused, unknown)) {
        assertEquals(429, r.status(), "whether the name exists or not");
        assertEquals("too_many_attempts", r.tree().get("code").asText());
        assertEquals("31", r.header("Retry-After"));
      }
      assertEquals(refused.tree().get("message"), unknown.tree().get("message"));
      assertEquals(refused.tree().get("message"), throttledByName(ts).tree().get("message"), "as a name's refusal");
      // The proxy appends the address it saw to what the client sent: only that right-most one counts.
      assertEquals(200, ts.client.postWithHeaders(LOGIN, credentials("Proxied-admin", TestServer.PASSWORD),
          Map.of("X-Forwarded-For", "203.0.113.9, 198.51.100.20")).status(), "another client");
      assertEquals(429, ts.client.postWithHeaders(LOGIN, credentials("Proxied-admin", TestServer.PASSWORD),
          Map.of("X-Forwarded-For", "198.51.100.20, 203.0.113.9")).status(), "a forged left part changes nothing");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void xForwardedForFromAnUntrustedAddressIsIgnored(Dialect dialect) {
    try (TestServer ts = new TestServer(dialect, TrustedProxies.of(List.of("192.0.2.1")))) {
      new World(ts, "Direct");
      for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
        Map<String, String> spoofed = Map.of("X-Forwarded-For", "203.0.113." + i);
        assertEquals(401, ts.client.postWithHeaders(LOGIN, credentials("nobody-" + i, "x"), spoofed).status());
      }
      assertEquals(429, ts.client.postWithHeaders(LOGIN, credentials("Direct-admin", TestServer.PASSWORD),
          Map.of("X-Forwarded-For", "198.51.100.99")).status(), "all came from 127.0.0.1, whatever they claimed");
    }
  }

  /** A refusal because one name failed too often, from addresses of their own. */
  private static Client.Response throttledByName(TestServer ts) {
    for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
      ts.client.postWithHeaders(LOGIN, credentials("much-guessed", "wrong"), Map.of("X-Forwarded-For", "192.0.2." + i));
    }
    Client.Response r = ts.client.postWithHeaders(LOGIN, credentials("much-guessed", "wrong"),
        Map.of("X-Forwarded-For", "192.0.2.100"));
    assertEquals(429, r.status());
    return r;
  }

  private static final String LOGIN = "/api/v1/auth/login";

  private static Map<String, String> credentials(String username, String password) {
    return Map.of("username", username, "password", password);
  }

  private static SignInThrottle throttle(TestDb testDb, FakeClock clock) {
    return new SignInThrottle(testDb.db, clock, KEY);
  }

  private static InetAddress address(String literal) {
    return InetAddress.ofLiteral(literal);
  }

  @org.junit.jupiter.api.Test
  void theApiAnswers429WithRetryAfterAndDoesNotCheckThePasswordMeanwhile() {
    try (TestServer ts = new TestServer(Dialect.SQLITE)) {
      World w = new World(ts, "Throttled");
      String name = "Throttled-admin";
      for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
        assertEquals(401, login(ts, name, "wrong " + i).status());
      }
      Client.Response refused = login(ts, name, TestServer.PASSWORD);
      assertEquals(429, refused.status(), "even the right password waits");
      assertEquals("too_many_attempts", refused.tree().get("code").asText());
      assertEquals("31", refused.header("Retry-After"));
      assertEquals(401, login(ts, "nobody-at-all", "x").status(), "other names are not affected");
      ts.clock.advance(Duration.ofSeconds(31));
      assertTrue(ok(login(ts, name, TestServer.PASSWORD), 200).get("token").asText().length() > 20);
      assertEquals(401, login(ts, name, "wrong again").status(), "a success starts the count afresh");
      assertTrue(w.admin.length() > 0);
    }
  }

  private static Client.Response login(TestServer ts, String username, String password) {
    return ts.client.post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
  }

  /**
   * Sessions hashing with Argon2 at a cost where checking a password takes a while, as in
   * production: the window in which a count not yet waiting could let more guesses in.
   */
  private static Sessions slowSessions(TestServer ts) {
    return new Sessions(ts.testDb.db, new UserRepository(), new PasswordHasher(8 * 1024, 2, new SecureRandom()),
        new Tokens(new SecureRandom()), ts.clock, Server.SESSION_LIFETIME, KEY);
  }

  /**
   * Sends {@code guesses} failing sign-ins at the same moment ({@code guess} makes the i-th); answers
   * how many had their password checked (401) rather than being told to wait (429).
   */
  private static int passwordsChecked(int guesses,
      java.util.function.IntFunction<org.junit.jupiter.api.function.Executable> guess) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(guesses)) {
      for (int i = 0; i < guesses; i++) {
        org.junit.jupiter.api.function.Executable attempt = guess.apply(i);
        answers.add(pool.submit(() -> {
          go.await();
          return assertThrows(ApiException.class, attempt).status();
        }));
      }
      go.countDown();
      int checked = 0;
      for (var a : answers) {
        checked += a.get() == 401 ? 1 : 0;
      }
      return checked;
    }
  }
}
