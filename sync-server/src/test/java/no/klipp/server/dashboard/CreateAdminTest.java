package no.klipp.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import no.klipp.server.Main;
import no.klipp.server.auth.PasswordHasher;
import no.klipp.server.auth.Role;
import no.klipp.server.auth.Sessions;
import no.klipp.server.db.Database;
import no.klipp.server.db.DatabaseConfig;
import no.klipp.server.scheme.MasterKey;
import no.klipp.server.support.FakeClock;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The first administrator comes from the {@code create-admin} command and can then sign in. */
class CreateAdminTest {

  @Test
  void createAdminMakesTheSchemeAndAnAdministratorWhoCanSignIn() throws Exception {
    Path data = Files.createTempDirectory("klipp-create-admin");
    int code = new CommandLine(new Main()).execute("create-admin", "--data", data.toString(),
        "--scheme", "Opplevelseskortet Testvik", "--municipality", "Testvik", "--username", "kulturkontoret",
        "--password", "et langt passord");
    assertEquals(0, code);
    assertEquals(1, new CommandLine(new Main()).execute("create-admin", "--data", data.toString(),
        "--scheme", "Opplevelseskortet Testvik", "--username", "kulturkontoret", "--password", "et langt passord"),
        "the same user name twice is refused");
    SecureRandom random = new SecureRandom();
    try (Database db = Database.open(DatabaseConfig.sqliteIn(data));
        no.klipp.server.Server server = new no.klipp.server.Server(db, MasterKey.loadOrCreate(
            data.resolve("master.key"), random), PasswordHasher.DEFAULT_COST, new FakeClock(TestServer.START), random)) {
      Sessions.Login login = server.sessions.login("kulturkontoret", "et langt passord", TestServer.CLIENT);
      assertEquals(Role.ADMIN, login.person().role());
      assertEquals("Opplevelseskortet Testvik", server.schemes.get(login.person().schemeId()).name());
    }
  }
}
