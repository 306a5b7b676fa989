package no.klipp.server.support;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import no.klipp.server.Server;
import no.klipp.server.auth.PasswordHasher;
import no.klipp.server.auth.Role;
import no.klipp.server.auth.UserService;
import no.klipp.server.db.Dialect;
import no.klipp.server.scheme.MasterKey;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeRequest;
import no.klipp.server.web.TrustedProxies;

/** The real server on a random port over a fresh database, with a fake clock. */
public final class TestServer implements AutoCloseable {

  /** 2026-03-02 10:00 UTC, a Monday. */
  public static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  public static final String PASSWORD = "correct horse battery";
  /** Where tests sign in from when they call {@code Sessions.login} directly: the client's address. */
  public static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

  public final TestDb testDb;
  public final FakeClock clock = new FakeClock(START);
  public final Server server;
  public final Client client;

  public TestServer(Dialect dialect) {
    this(dialect, 4);
  }

  public TestServer(Dialect dialect, int poolSize) {
    this(dialect, poolSize, TrustedProxies.of(TrustedProxies.DEFAULT));
  }

  /** With these reverse proxies trusted to tell the client's address (the default: loopback). */
  public TestServer(Dialect dialect, TrustedProxies proxies) {
    this(dialect, 4, proxies);
  }

  private TestServer(Dialect dialect, int poolSize, TrustedProxies proxies) {
    testDb = TestDb.fresh(dialect, poolSize);
    SecureRandom random = new SecureRandom();
    // Cheap Argon2 for speed; production uses PasswordHasher.DEFAULT_COST.
    server = new Server(testDb.db, MasterKey.loadOrCreate(testDb.dir.resolve("master.key"), random),
        new PasswordHasher(64, 1, random), clock, random, proxies);
    server.http.start("127.0.0.1", 0);
    client = new Client(server.http.port());
  }

  /**
   * A second server instance over the same database and clock (HTTP not started), as another
   * instance behind a load balancer would be; the caller closes it.
   */
  public Server anotherInstance() {
    SecureRandom random = new SecureRandom();
    return new Server(testDb.db, MasterKey.loadOrCreate(testDb.dir.resolve("master.key"), random),
        new PasswordHasher(64, 1, random), clock, random);
  }

  /** A new scheme with an administrator; answers the scheme. */
  public Scheme scheme(String name) {
    Scheme s = server.schemes.create(new SchemeRequest(name, null, null, null, null, null, null, null));
    server.users.create(s.id(), new UserService.UserRequest(name + "-admin", PASSWORD, Role.ADMIN, null));
    return s;
  }

  /** A user of the scheme with the role. */
  public void user(long schemeId, String username, Role role, String venueId) {
    server.users.create(schemeId, new UserService.UserRequest(username, PASSWORD, role, venueId));
  }

  /** Signs in; answers the session token. */
  public String login(String username) {
    Client.Response r = client.post("/api/v1/auth/login", null, Map.of("username", username, "password", PASSWORD));
    if (r.status() != 200) {
      throw new AssertionError("login failed: " + r);
    }
    return r.tree().get("token").asText();
  }

  /** Wipes the statistics tables and builds them again from the stored visits, as on a first start. */
  public void rebuildStatistics() {
    testDb.db.transaction(sql -> {
      for (String t : java.util.List.of("stats_offer_day", "stats_offer_month", "stats_venue_month",
          "stats_card_venue_month", "stats_card_month", "stats_holder_span", "stats_birth_month", "stats_state")) {
        sql.update("DELETE FROM " + t);
      }
      return null;
    });
    new no.klipp.server.stats.StatsRecorder().buildOnce(testDb.db, clock);
  }

  @Override
  public void close() {
    server.close();
    testDb.close();
  }
}
