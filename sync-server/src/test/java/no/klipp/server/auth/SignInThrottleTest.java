package no.klipp.server.auth;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignInThrottleTest {

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void waitsGrowFromThirtySecondsToFifteenMinutesAndASuccessClearsThem(Dialect dialect) {
    try (TestDb testDb = TestDb.fresh(dialect)) {
      FakeClock clock = new FakeClock(TestServer.START);
      SignInThrottle t = new SignInThrottle(testDb.db, clock);
      for (int i = 1; i < SignInThrottle.FREE_FAILURES; i++) {
        assertEquals(Optional.empty(), t.attempt("Kultur"), "failure " + i + " is free");
      }
      assertEquals(Optional.empty(), t.attempt("kultur "), "the last free one is checked too");
      assertEquals(Optional.of(Duration.ofSeconds(30)), t.attempt("KULTUR"), "the same name, however written");
      assertEquals(Optional.empty(), t.attempt("someone-else"));
      clock.advance(Duration.ofSeconds(30));
      assertEquals(Optional.empty(), t.attempt("kultur"));
      assertEquals(Optional.of(Duration.ofSeconds(60)), t.attempt("kultur"));
      assertEquals(Optional.of(Duration.ofSeconds(60)), t.attempt("kultur"), "a refused attempt is not counted");
      for (int i = 0; i < 20; i++) {
        clock.advance(SignInThrottle.LONGEST_WAIT);
        assertEquals(Optional.empty(), t.attempt("kultur"));
      }
      assertEquals(Optional.of(SignInThrottle.LONGEST_WAIT), t.attempt("kultur"));
      t.succeeded("kultur");
      assertEquals(Optional.empty(), t.attempt("kultur"));
      assertEquals(Optional.empty(), t.attempt("kultur"), "counting starts afresh after a success");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void namesAreStoredOnlyAsHashesAndForgottenAfterADayOfQuiet(Dialect dialect) {
    try (TestDb testDb = TestDb.fresh(dialect)) {
      FakeClock clock = new FakeClock(TestServer.START);
      SignInThrottle t = new SignInThrottle(testDb.db, clock);
      for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
        t.attempt("correct horse battery");
      }
      t.attempt("invented-1");
      List<String> stored = testDb.db.read(sql -> sql.list("SELECT name_hash FROM sign_in_failure", r -> r.string("name_hash")));
      assertEquals(2, stored.size());
      assertTrue(stored.stream().noneMatch(h -> h.contains("horse") || h.contains("invented")), stored.toString());
      assertTrue(t.attempt("correct horse battery").isPresent());

      clock.advance(SignInThrottle.FORGET_AFTER.plusSeconds(1));
      t.attempt("invented-2");
      assertEquals(List.of(1L), testDb.db.read(sql -> sql.list("SELECT COUNT(*) AS n FROM sign_in_failure",
          r -> r.longValue("n"))), "the names quiet for a day are gone");
      t.attempt("correct horse battery");
      assertEquals(Optional.empty(), t.attempt("correct horse battery"), "a forgotten name starts afresh");
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
          ApiException e = assertThrows(ApiException.class, () -> instance.sessions.login(name, "wrong"));
          assertEquals(401, e.status());
        }
        for (Server instance : List.of(ts.server, other)) {
          ApiException e = assertThrows(ApiException.class,
              () -> instance.sessions.login(name, TestServer.PASSWORD));
          assertEquals(429, e.status(), "failures spread over two instances count together");
        }
        ts.clock.advance(SignInThrottle.FIRST_WAIT);
        assertFalse(other.sessions.login(name, TestServer.PASSWORD).token().isEmpty());
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
      Sessions sessions = new Sessions(ts.testDb.db, new UserRepository(),
          new PasswordHasher(8 * 1024, 2, new SecureRandom()), new Tokens(new SecureRandom()), ts.clock,
          Server.SESSION_LIFETIME);
      int guesses = 16;
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> answers = new ArrayList<>();
      try (var pool = Executors.newFixedThreadPool(guesses)) {
        for (int i = 0; i < guesses; i++) {
          String guess = "guess " + i;
          answers.add(pool.submit(() -> {
            go.await();
            return assertThrows(ApiException.class, () -> sessions.login("Parallel-admin", guess)).status();
          }));
        }
        go.countDown();
        int checked = 0;
        for (var a : answers) {
          checked += a.get() == 401 ? 1 : 0;
        }
        assertEquals(SignInThrottle.FREE_FAILURES, checked, "guesses whose password was checked");
      }
    }
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
}
