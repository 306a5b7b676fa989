package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restore.sh against a fake {@code psql} and {@code pg_restore} on the PATH (test/backup-restore.sh
 * runs it against PostgreSQL). The dumps in /var/backups/klipp are klipp-server's alone (0600 in a
 * 0700 directory), and restore.sh runs as the postgres user, who cannot open them: the README's
 * restore hands the dump over on standard input, {@code --dump -}.
 */
class RestoreScriptTest {

  @TempDir Path dir;

  @BeforeEach
  void fakeTools() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // No database yet, and no tables in it once created.
    Path psql = Files.writeString(bin.resolve("psql"), """
        #!/bin/sh
        echo "$*" >>"$FAKE_DIR/psql.log"
        case "$*" in *pg_tables*) echo 0 ;; esac
        """);
    // Records the dump it restored (the last argument), its mode, and the path it had.
    Path pgRestore = Files.writeString(bin.resolve("pg_restore"), """
        #!/bin/sh
        for last; do :; done
        test -r "$last" || exit 1
        case " $* " in *" --list "*) exit 0 ;; esac
        cat "$last" >"$FAKE_DIR/restored"
        stat -c %a "$last" >"$FAKE_DIR/mode"
        echo "$last" >"$FAKE_DIR/path"
        """);
    for (Path tool : new Path[] {psql, pgRestore}) {
      Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  Command.Result restore(String redirect, String... options) {
    String script = "\"$RESTORE\" " + String.join(" ", options) + " " + redirect;
    return Command.of("bash", "-c", script)
        .withEnvironment(Map.of(
            "RESTORE", Sources.dir().resolve("src/deb/server/lib/restore.sh").toString(),
            "FAKE_DIR", dir.toString(),
            "PATH", dir.resolve("bin") + ":" + System.getenv("PATH")))
        .run();
  }

  @Test
  void restoresADumpFromStandardInputThroughAPrivateCopyItRemoves() throws Exception {
    Path dump = Files.writeString(dir.resolve("klipp-20261121T031500Z.dump"), "PGDMP the dump");
    var result = restore("<\"" + dump + "\"", "--dump", "-", "--database", "klipp_restored", "--owner", "klipp");
    assertEquals(0, result.exitCode(), result.output());
    assertEquals("PGDMP the dump", Files.readString(dir.resolve("restored")));
    assertEquals("600", Files.readString(dir.resolve("mode")).strip(), "the copy of the dump is not private");
    assertFalse(Files.exists(Path.of(Files.readString(dir.resolve("path")).strip())), "the copy was left behind");
    assertTrue(result.output().contains("into klipp_restored"), result.output());
  }

  @Test
  void restoresADumpFile() throws Exception {
    Path dump = Files.writeString(dir.resolve("klipp-20261121T031500Z.dump"), "PGDMP the dump");
    var result = restore("", "--dump", dump.toString(), "--database", "klipp_restored", "--owner", "klipp");
    assertEquals(0, result.exitCode(), result.output());
    assertEquals("PGDMP the dump", Files.readString(dir.resolve("restored")));
    assertTrue(Files.exists(dump));
  }

  @Test
  void aDatabaseItCreatesIsClosedToOthersAsCreateDatabaseLeavesIt() throws Exception {
    Path dump = Files.writeString(dir.resolve("klipp-20261121T031500Z.dump"), "PGDMP the dump");
    var result = restore("", "--dump", dump.toString(), "--database", "klipp_restored", "--owner", "klipp");
    assertEquals(0, result.exitCode(), result.output());
    String psql = Files.readString(dir.resolve("psql.log"));
    assertTrue(psql.contains("-d klipp_restored -c revoke all on database klipp_restored from public;"
        + " revoke create on schema public from public"), psql);
  }
}
