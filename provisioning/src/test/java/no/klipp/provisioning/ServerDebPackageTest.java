package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The built klipp-sync-server .deb: control data, files, units, scripts, lintian. */
@Tag("deb")
class ServerDebPackageTest {
  private static Deb deb;

  @BeforeAll
  static void unpack() throws IOException {
    assumeTrue(Command.available("dpkg-deb"), "dpkg-deb is not installed (apt-get install dpkg): package not inspected");
    var configured = System.getProperty("server.deb");
    deb = Deb.unpack(configured != null ? Path.of(configured) : Sources.dir().resolve("target/klipp-sync-server_all.deb"));
  }

  @AfterAll
  static void cleanUp() {
    if (deb != null) {
      deb.close();
    }
  }

  @Test
  void controlDescribesTheServer() {
    var field = deb.fields();
    assertEquals("klipp-sync-server", field.get("Package"));
    assertEquals("all", field.get("Architecture"));
    assertTrue(field.get("Recommends").contains("postgresql-client"), field.get("Recommends"));
  }

  @Test
  void shipsServerUnitsSettingsAndDatabaseScripts() throws IOException {
    deb.assertLists(List.of(
        "-rwxr-xr-x root/root /usr/bin/klipp-sync-server",
        "-rw-r--r-- root/root /usr/share/klipp-sync-server/klipp-sync-server.jar",
        "-rw-r--r-- root/root /lib/systemd/system/klipp-sync-server.service",
        "-rw-r--r-- root/root /lib/systemd/system/klipp-sync-server-backup.service",
        "-rw-r--r-- root/root /lib/systemd/system/klipp-sync-server-backup.timer",
        "-rw-r--r-- root/root /etc/klipp/sync-server.env",
        "-rwxr-xr-x root/root /usr/lib/klipp-sync-server/create-database.sh",
        "-rwxr-xr-x root/root /usr/lib/klipp-sync-server/backup.sh",
        "-rwxr-xr-x root/root /usr/lib/klipp-sync-server/restore.sh",
        "-rw-r--r-- root/root /usr/share/doc/klipp-sync-server/examples/Caddyfile",
        "-rw-r--r-- root/root /usr/share/doc/klipp-sync-server/examples/nginx-klipp.conf"));
    assertEquals(List.of("/etc/klipp/sync-server.env"), deb.conffiles());
  }

  @Test
  void noDatabasePasswordOnTheCommandLine() throws IOException {
    // Options end up in "ps" output: the password comes from PGPASSFILE instead.
    var env = Files.readString(deb.tree().resolve("etc/klipp/sync-server.env"));
    assertTrue(env.contains("\nPGPASSFILE=/etc/klipp/sync-server.pgpass"), env);
    assertTrue(env.lines().filter(line -> !line.startsWith("#")).noneMatch(line -> line.contains("--db-password")), env);
  }

  @Test
  void maintainerScriptsAndToolsPassShellcheck() {
    assumeTrue(Command.available("shellcheck"), "shellcheck is not installed: scripts not checked");
    for (var script : List.of("DEBIAN/postinst", "DEBIAN/prerm", "DEBIAN/postrm",
        "usr/lib/klipp-sync-server/create-database.sh", "usr/lib/klipp-sync-server/backup.sh",
        "usr/lib/klipp-sync-server/restore.sh", "usr/bin/klipp-sync-server")) {
      var path = deb.tree().resolve(script);
      assertTrue(Files.isExecutable(path), script + " is not executable");
      var result = Command.of("shellcheck", "-S", "style", path.toString()).run();
      assertEquals(0, result.exitCode(), script + ":\n" + result.output());
    }
  }

  @Test
  void installedUnitsPassVerify() throws IOException {
    assumeTrue(UnitRoot.possible(), "systemd-analyze is not installed (apt-get install systemd): units not verified");
    try (var root = UnitRoot.create(deb.tree())) {
      for (var unit : List.of("klipp-sync-server.service", "klipp-sync-server-backup.service",
          "klipp-sync-server-backup.timer")) {
        var result = root.verify("/lib/systemd/system/" + unit);
        assertEquals("", result.output().strip(), "systemd-analyze verify " + unit);
      }
      var exposure = root.exposure("klipp-sync-server.service");
      assertTrue(exposure < 3.0, "exposure " + exposure);
    }
  }

  @Test
  void lintianFindsNothing() {
    assumeTrue(Command.available("lintian"), "lintian is not installed (apt-get install lintian): package not linted");
    assertEquals("", deb.lintian(), "lintian --pedantic");
  }
}
