package no.klipp.server.auth;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.FakeClock;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  @Test
  void waitsGrowFromThirtySecondsToFifteenMinutesAndASuccessClearsThem() {
    FakeClock clock = new FakeClock(TestServer.START);
    SignInThrottle t = new SignInThrottle(clock);
    for (int i = 1; i < SignInThrottle.FREE_FAILURES; i++) {
      t.failed("Kultur");
      assertEquals(Optional.empty(), t.wait("kultur"), "failure " + i + " is free");
    }
    t.failed("kultur ");
    assertEquals(Optional.of(Duration.ofSeconds(30)), t.wait("KULTUR"), "the same name, however written");
    assertEquals(Optional.empty(), t.wait("someone-else"));
    clock.advance(Duration.ofSeconds(30));
    assertEquals(Optional.empty(), t.wait("kultur"));
    t.failed("kultur");
    assertEquals(Optional.of(Duration.ofSeconds(60)), t.wait("kultur"));
    for (int i = 0; i < 20; i++) {
      t.failed("kultur");
    }
    assertEquals(Optional.of(SignInThrottle.LONGEST_WAIT), t.wait("kultur"));
    t.succeeded("kultur");
    assertEquals(Optional.empty(), t.wait("kultur"));
    t.failed("kultur");
    assertEquals(Optional.empty(), t.wait("kultur"), "counting starts afresh after a success");
  }

  @Test
  void inventedNamesCannotGrowItWithoutBound() {
    SignInThrottle t = new SignInThrottle(new FakeClock(TestServer.START));
    for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
      t.failed("victim");
    }
    for (int i = 0; i < SignInThrottle.TRACKED_NAMES + 10; i++) {
      t.failed("invented-" + i);
    }
    // The oldest entry went first: memory stays bounded (the victim could try again, a known limit).
    assertEquals(Optional.empty(), t.wait("victim"));
  }

  @Test
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
