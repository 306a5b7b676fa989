package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * create-database.sh against a fake {@code psql} on the PATH (test/backup-restore.sh runs it
 * against PostgreSQL): a run that fails after the role got its password still leaves that password
 * in the pgpass file, as a second run keeps an existing role's password.
 */
class CreateDatabaseScriptTest {

  @TempDir Path dir;

  @BeforeEach
  void fakePsql() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // The role exists once created; its password is what psql got on stdin (\set pw '...');
    // "create database" fails while $FAKE_DIR/no-database exists (e.g. a locale that is not UTF-8).
    Path psql = Files.writeString(bin.resolve("psql"), """
        #!/bin/sh
        case "$*" in
          *pg_roles*) [ -f "$FAKE_DIR/role" ] && echo 1; exit 0 ;;
          *pg_database*) exit 0 ;;
          *"create database"*)
            [ -f "$FAKE_DIR/no-database" ] && { echo 'ERROR: encoding "UTF8" does not match locale' >&2; exit 3; }
            exit 0 ;;
          *-c*) exit 0 ;;
        esac
        sed -n "s/^.set pw '\\(.*\\)'$/\\1/p" >"$FAKE_DIR/role"
        """);
    Files.setPosixFilePermissions(psql, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  Command.Result createDatabase() {
    return Command.of(Sources.dir().resolve("src/deb/server/lib/create-database.sh").toString(),
            "--pgpass", dir.resolve("etc/klipp.pgpass").toString())
        .withEnvironment(Map.of(
            "PGHOST", "db.invalid",
            "FAKE_DIR", dir.toString(),
            "PATH", dir.resolve("bin") + ":" + System.getenv("PATH")))
        .run();
  }

  @Test
  void aRunThatFailsAfterCreatingTheRoleKeepsItsPasswordForTheNextRun() throws Exception {
    Files.writeString(dir.resolve("no-database"), "");
    var failed = createDatabase();
    assertNotEquals(0, failed.exitCode(), failed.output());

    Files.delete(dir.resolve("no-database"));
    var again = createDatabase();
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.output().contains("password unchanged"), again.output());

    String password = Files.readString(dir.resolve("role")).strip();
    assertTrue(password.length() >= 20, password);
    Path pgpass = dir.resolve("etc/klipp.pgpass");
    assertTrue(Files.exists(pgpass), "the role has a password that no file holds");
    // Any database of the role: a backup restored into klipp_restored is opened with it too.
    assertEquals("127.0.0.1:5432:*:klipp:" + password + "\n", Files.readString(pgpass));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pgpass)));
  }
}
