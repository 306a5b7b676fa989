package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import no.klipp.terminal.cli.Cli;
import no.klipp.terminal.cli.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal's command line against the real server: enroll, run (which syncs), status. */
class CliTest {

  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private Result terminal(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(Clock.systemUTC(), new SecureRandom(),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = Cli.execute(args, env);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void enrollRunAndStatus() throws Exception {
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Cli", 3, 5);
      String code = server.register(seeded.venueId(), "desk", true);
      Path config = dir.resolve("terminal.properties");
      Files.writeString(config, "ledger.path=" + dir.resolve("t/ledger.db") + "\n"
          + "sync.credential=" + dir.resolve("t/credential.json") + "\n");
      String url = "http://127.0.0.1:" + server.port();

      Result bad = terminal("", "--config", config.toString(), "enroll", "--server", url, "--code", "WRONG-CODE");
      assertEquals(6, bad.code(), bad.err());
      assertTrue(bad.err().contains("enrollment code"), bad.err());

      Result enrolled = terminal("", "--config", config.toString(), "enroll", "--server", url, "--code", code);
      assertEquals(0, enrolled.code(), enrolled.err());
      assertTrue(enrolled.out().contains("Ledger loaded"), enrolled.out());
      Path credential = dir.resolve("t/credential.json");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credential)));

      String scans = String.join("\n", seeded.credentials()) + "\nnot a card\n";
      Result run = terminal(scans, "--config", config.toString(), "run");
      assertEquals(0, run.code(), run.err());
      assertEquals(4, run.out().lines().count(), run.out());

      Result status = terminal("", "--config", config.toString(), "status");
      assertEquals(0, status.code(), status.err());
      assertTrue(status.out().contains("visits waiting:  0"), status.out());
      assertTrue(status.out().contains("server:          online"), status.out());
      String token = Files.readString(credential).replaceAll("(?s).*\"token\":\"([^\"]+)\".*", "$1");
      for (String text : List.of(enrolled.out(), enrolled.err(), run.out(), run.err(), status.out(), status.err())) {
        assertFalse(text.contains(token), "the token is never printed");
      }
      List<ServerFixture.Stored> visits = server.visits();
      assertEquals(3, visits.size(), "run uploaded its visits");
      String terminalId = visits.getFirst().terminalId();
      assertTrue(status.out().contains(terminalId), "visits carry the enrolled terminal id");
    }
  }
}
