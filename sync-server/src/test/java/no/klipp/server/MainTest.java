package no.klipp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import no.klipp.server.auth.Person;
import no.klipp.server.auth.SchemeUser;
import no.klipp.server.auth.Role;
import no.klipp.server.auth.UserRepository;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.db.Database;
import no.klipp.server.db.DatabaseConfig;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

  @TempDir
  Path dir;

  int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Test
  void createAdminMakesTheSchemeItsKeyAndTheUserInSqliteUnderTheDataDirectory() throws Exception {
    Path data = dir.resolve("data");
    assertEquals(0, run("create-admin", "--data", data.toString(), "--scheme", "Kragerøkortet",
        "--municipality", "Kragerø", "--username", "ola", "--password", "et langt passord"));
    assertEquals(0, run("create-admin", "--data", data.toString(), "--scheme", "Kragerøkortet",
        "--username", "kari", "--password", "et annet langt passord"));
    assertEquals(1, run("create-admin", "--data", data.toString(), "--scheme", "Kragerøkortet",
        "--username", "kari", "--password", "et annet langt passord"), "a taken user name");
    assertTrue(Files.exists(data.resolve("klipp.db")));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("master.key"))));
    try (Database db = Database.open(DatabaseConfig.sqliteIn(data))) {
      Scheme s = db.read(sql -> new SchemeRepository().byName(sql, "Kragerøkortet")).orElseThrow();
      assertEquals(List.of("Kragerø"), s.municipalities());
      List<SchemeUser> users = db.read(sql -> new UserRepository().ofScheme(sql, s.id()));
      assertEquals(List.of("kari", "ola"), users.stream().map(SchemeUser::username).toList());
      assertTrue(users.stream().allMatch(p -> p.role() == Role.ADMIN));
      String hash = db.read(sql -> new UserRepository().byUsername(sql, "ola")).orElseThrow().passwordHash();
      assertTrue(hash.startsWith("$argon2id$"), "never the password itself");
    }
  }

  @Test
  void markRestoredStartsANewLedgerGenerationEachTimeAndNeedsADatabase() throws Exception {
    Path data = dir.resolve("data");
    assertEquals(2, run("mark-restored", "--data", data.toString()), "nothing restored there");
    assertTrue(Files.notExists(data.resolve("klipp.db")), "and no empty database made");
    assertEquals(0, run("create-admin", "--data", data.toString(), "--scheme", "Kragerøkortet",
        "--username", "ola", "--password", "et langt passord"));
    long[] generations = new long[3];
    for (int i = 0; i < generations.length; i++) {
      if (i > 0) {
        assertEquals(0, run("mark-restored", "--data", data.toString()));
      }
      try (Database db = Database.open(DatabaseConfig.sqliteIn(data))) {
        generations[i] = db.read(ChangeCounter::position).generation();
      }
    }
    assertEquals(0, generations[0], "never restored");
    assertTrue(generations[1] > 0 && generations[2] > 0 && generations[1] != generations[2],
        "a new one at each restore: " + java.util.Arrays.toString(generations));
  }

  @Test
  void createAdminWithoutAPasswordAsksForOneOnTheTerminal() throws Exception {
    Path data = dir.resolve("data");
    CommandLine cli = new CommandLine(new Main());
    Main.CreateAdmin createAdmin = cli.getSubcommands().get("create-admin").getCommand();
    createAdmin.askPassword = () -> "et langt passord".toCharArray();
    assertEquals(0, cli.execute("create-admin", "--data", data.toString(), "--scheme", "Kragerøkortet",
        "--username", "ola"));
    try (Database db = Database.open(DatabaseConfig.sqliteIn(data))) {
      assertTrue(db.read(sql -> new UserRepository().byUsername(sql, "ola")).isPresent());
    }
  }

  @Test
  void createAdminWithoutAPasswordOrATerminalToAskOnIsAWrongCommandLine() {
    CommandLine cli = new CommandLine(new Main());
    Main.CreateAdmin createAdmin = cli.getSubcommands().get("create-admin").getCommand();
    createAdmin.askPassword = () -> null;
    assertEquals(2, cli.execute("create-admin", "--data", dir.toString(), "--scheme", "X", "--username", "u"));
  }

  @Test
  void theSqliteDatabaseIsTheServersUsersOnlyAlsoInADataDirectoryThatWasThere() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(0, run("create-admin", "--data", data.toString(), "--scheme", "Kragerøkortet",
        "--username", "ola", "--password", "et langt passord"));
    for (String file : List.of("klipp.db", "klipp.db-wal", "klipp.db-shm")) {
      if (Files.exists(data.resolve(file))) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(file))), file);
      }
    }
  }

  @Test
  void trustedProxiesAreLoopbackUnlessGivenAndAreCheckedBeforeAnythingStarts() {
    assertEquals(List.of("127.0.0.1", "::1"), serve().trustedProxies);
    assertEquals(List.of("10.0.0.1", "10.0.0.0/24"), serve("--trusted-proxies", "10.0.0.1,10.0.0.0/24").trustedProxies,
        "given, they replace the default");
    Path data = dir.resolve("never-made");
    assertEquals(2, run("serve", "--trusted-proxies", "proxy.example.org", "--data", data.toString()));
    assertTrue(Files.notExists(data), "no database opened");
  }

  private static Main.Serve serve(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "serve";
    System.arraycopy(options, 0, args, 1, options.length);
    return (Main.Serve) new CommandLine(new Main()).parseArgs(args).subcommand().commandSpec().userObject();
  }

  @Test
  void retentionOptionsAreCheckedBeforeAnythingOpens() {
    Path data = dir.resolve("never-made");
    for (String command : List.of("serve", "retention")) {
      assertEquals(2, run(command, "--keep-visits-years", "0", "--data", data.toString()), command);
      assertEquals(2, run(command, "--keep-names-months", "-1", "--data", data.toString()), command);
      assertEquals(2, run(command, "--keep-visits-years", "five", "--data", data.toString()), command);
    }
    assertTrue(Files.notExists(data), "no database opened");
    assertEquals(5, serve().keep.visitYears);
    assertEquals(12, serve().keep.nameMonths);
  }

  @Test
  void retentionPrintsCountsOnlyAndADryRunDeletesNothing() throws Exception {
    Path data = dir.resolve("data");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertEquals(0, run("retention", "--dry-run", "--keep-visits-years", "1", "--keep-names-months", "0",
          "--data", data.toString()));
      assertEquals(0, run("retention", "--data", data.toString()));
    } finally {
      System.setOut(stdout);
    }
    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(printed.contains("Dry run: nothing was changed.\nVisits to delete: 0\n") && printed.contains("First names to erase: 0"), printed);
    assertTrue(printed.contains("Visits deleted: 0") && printed.contains("First names erased: 0"), printed);
  }

  @Test
  void everyCommandAnswersHelp() {
    for (String command : List.of("serve", "create-admin", "retention", "demo-data")) {
      assertEquals(0, run(command, "--help"), command);
    }
  }

  @Test
  void demoDataKeepsItsPasswordAndEnrollmentCodesToTheUser() throws Exception {
    Path data = dir.resolve("data").resolve("demo");
    Path manifest = dir.resolve("demo.json");
    assertEquals(0, run("demo-data", "--data", data.toString(), "--out", manifest.toString()));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.getParent())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(manifest)));
    assertTrue(Files.readString(manifest).contains("\"code\""));
  }

  @Test
  void aShortPasswordIsRefused() {
    assertEquals(1, run("create-admin", "--data", dir.toString(), "--scheme", "X", "--username", "u",
        "--password", "short"));
  }
}
