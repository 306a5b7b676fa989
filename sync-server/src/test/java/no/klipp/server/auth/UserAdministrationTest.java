package no.klipp.server.auth;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A person who leaves is disabled by an administrator of the scheme: no sign-in, and their open
 * sessions end at once; a forgotten or leaked password is replaced the same way.
 */
class UserAdministrationTest extends OnBothDatabases {

  World a;
  World b;
  String users;
  long kari;

  @BeforeEach
  void setUp() {
    a = new World(ts, "Alvdal");
    b = new World(ts, "Folldal");
    users = "/api/v1/schemes/" + a.scheme.id() + "/users";
    kari = ok(c.post(users, a.admin, Map.of("username", "kari.nav", "password", "first password!", "role",
        "CASEWORKER")), 201).get("userId").asLong();
  }

  private Client.Response login(String password) {
    return c.post("/api/v1/auth/login", null, Map.of("username", "kari.nav", "password", password));
  }

  private Client.Response disable(long user, Object body) {
    return c.put(users + "/" + user + "/disabled", a.admin, body);
  }

  private JsonNode listed(long user) {
    for (JsonNode u : ok(c.get(users, a.admin), 200)) {
      if (u.get("userId").asLong() == user) {
        return u;
      }
    }
    throw new AssertionError("user " + user + " not listed");
  }

  @Test
  void aDisabledUserCannotSignInAndTheirSessionsEndAtOnce() {
    String session = ok(login("first password!"), 200).get("token").asText();
    assertEquals(200, c.get("/api/v1/auth/me", session).status());

    JsonNode disabled = ok(disable(kari, Map.of("disabled", true)), 200);
    assertTrue(disabled.get("disabled").asBoolean());
    assertTrue(listed(kari).get("disabled").asBoolean());
    assertEquals(401, c.get("/api/v1/auth/me", session).status(), "the open session ended");
    assertEquals(401, c.get("/api/v1/cards/" + a.cards.getFirst(), session).status());
    Client.Response refused = login("first password!");
    assertEquals(401, refused.status());
    assertTrue(refused.text().contains("wrong user name or password"), "the same answer as for any wrong sign-in");

    assertFalse(ok(disable(kari, Map.of("disabled", false)), 200).get("disabled").asBoolean());
    assertEquals(200, login("first password!").status(), "enabled again");
  }

  @Test
  void mistakesAreRefusedAndChangeNothing() {
    long self = a.userId(a.admin);
    assertEquals(409, disable(self, Map.of("disabled", true)).status(), "an administrator cannot lock themselves out");
    assertEquals(200, c.get("/api/v1/auth/me", a.admin).status());
    for (Object body : new Object[] {Map.of("disabled", "true"), Map.of("disabled", 1), Map.of(), "[]"}) {
      assertEquals(400, disable(kari, body).status(), String.valueOf(body));
    }
    assertEquals(404, disable(999_999, Map.of("disabled", true)).status());
    long other = b.userId(b.admin);
    assertEquals(404, disable(other, Map.of("disabled", true)).status(), "another scheme's user, by this scheme");
    assertEquals(403, c.put("/api/v1/schemes/" + b.scheme.id() + "/users/" + other + "/disabled", a.admin,
        Map.of("disabled", true)).status(), "another scheme's path");
    assertEquals(400, c.put(users + "/x/disabled", a.admin, Map.of("disabled", true)).status());
    assertEquals(200, login("first password!").status(), "nothing changed");
    assertFalse(listed(kari).get("disabled").asBoolean());
    assertEquals(200, c.get("/api/v1/auth/me", b.admin).status());
  }

  @Test
  void aNewPasswordReplacesTheOldOneAndEndsTheSessions() {
    String session = ok(login("first password!"), 200).get("token").asText();
    for (Object body : new Object[] {Map.of("password", "short"), Map.of(), Map.of("password", "x".repeat(201))}) {
      assertEquals(400, c.put(users + "/" + kari + "/password", a.admin, body).status(), String.valueOf(body));
    }
    assertEquals(200, c.get("/api/v1/auth/me", session).status(), "a refused change ends nothing");
    assertEquals(204, c.put(users + "/" + kari + "/password", a.admin, Map.of("password", "second password!"))
        .status());
    assertEquals(401, c.get("/api/v1/auth/me", session).status());
    assertEquals(401, login("first password!").status());
    assertEquals(200, login("second password!").status());
    assertEquals(404, c.put(users + "/" + b.userId(b.admin) + "/password", a.admin,
        Map.of("password", "second password!")).status());
  }
}
