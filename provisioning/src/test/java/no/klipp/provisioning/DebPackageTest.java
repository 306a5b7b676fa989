package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built klipp-terminal .deb: its control data, its files, and the tools' verdict on it. */
@Tag("deb")
class DebPackageTest {
  private static Deb deb;
  private static Path extracted;

  @BeforeAll
  static void unpack() throws IOException {
    assumeTrue(Command.available("dpkg-deb"), "dpkg-deb is not installed (apt-get install dpkg): package not inspected");
    deb = Deb.unpack(Sources.deb());
    extracted = deb.tree();
  }

  @AfterAll
  static void cleanUp() {
    if (deb != null) {
      deb.close();
    }
  }

  @Test
  void controlDescribesAnArchitectureIndependentPackage() {
    var field = deb.fields();
    assertEquals("klipp-terminal", field.get("Package"));
    assertEquals("all", field.get("Architecture"));
    // SNAPSHOT builds get a timestamp so that each one upgrades the last: 0.1.0~20261121001500.
    assertTrue(field.get("Version").matches("\\d+\\.\\d+\\.\\d+(~\\d{14})?"), field.get("Version"));
    assertTrue(field.get("Depends").contains("adduser"), field.get("Depends"));
    assertTrue(field.get("Recommends").contains("temurin-25-jre"), field.get("Recommends"));
  }

  @Test
  void shipsTheAgentLauncherUnitsAndConfiguration() {
    deb.assertLists(List.of(
        "-rwxr-xr-x root/root /usr/bin/klipp-terminal",
        "-rw-r--r-- root/root /usr/share/klipp-terminal/klipp-terminal.jar",
        "-rw-r--r-- root/root /lib/systemd/system/klipp-terminal.service",
        "-rw-r--r-- root/root /lib/systemd/system/klipp-kiosk.service",
        "-rw-r--r-- root/root /lib/systemd/system/systemd-time-wait-sync.service.d/klipp-terminal.conf",
        "-rw-r--r-- root/root /etc/klipp/terminal.properties",
        "-rwxr-xr-x root/root /usr/lib/klipp-terminal/kiosk-browser",
        "-rw-r--r-- root/root /usr/share/doc/klipp-terminal/copyright",
        "-rw-r--r-- root/root /usr/share/man/man1/klipp-terminal.1.gz"));
  }

  @Test
  void configurationFilesAreConffiles() throws IOException {
    assertTrue(deb.conffiles().contains("/etc/klipp/terminal.properties"));
  }
  @Test
  void jarIsTheShadedAgent() throws IOException {
    try (var jar = new ZipFile(extracted.resolve("usr/share/klipp-terminal/klipp-terminal.jar").toFile())) {
      var manifest = new String(jar.getInputStream(jar.getEntry("META-INF/MANIFEST.MF")).readAllBytes());
      assertTrue(manifest.contains("Main-Class: no.klipp.terminal.Main"), manifest);
      // Shaded: the protocol and the libraries travel inside.
      assertTrue(jar.getEntry("no/klipp/protocol/card/CredentialCodec.class") != null);
      assertTrue(jar.getEntry("org/sqlite/JDBC.class") != null);
    }
  }

  @Test
  void maintainerScriptsPassShellcheck() {
    assumeTrue(Command.available("shellcheck"), "shellcheck is not installed: maintainer scripts not checked");
    for (var script : List.of("postinst", "prerm", "postrm")) {
      var path = extracted.resolve("DEBIAN").resolve(script);
      assertTrue(Files.isExecutable(path), script + " is not executable");
      var result = Command.of("shellcheck", "-s", "sh", "-S", "style", path.toString()).run();
      assertEquals(0, result.exitCode(), script + ":\n" + result.output());
    }
  }

  @Test
  void installedUnitsPassVerify() throws IOException {
    assumeTrue(UnitRoot.possible(), "systemd-analyze is not installed (apt-get install systemd): units not verified");
    try (var root = UnitRoot.create(extracted)) {
      for (var unit : List.of("klipp-terminal.service", "klipp-kiosk.service", "systemd-time-wait-sync.service")) {
        var result = root.verify("/lib/systemd/system/" + unit);
        assertEquals("", result.output().strip(), "systemd-analyze verify " + unit);
      }
    }
  }

  @Test
  void lintianFindsNothing() {
    assumeTrue(Command.available("lintian"), "lintian is not installed (apt-get install lintian): package not linted");
    assertEquals("", deb.lintian(), "lintian --pedantic");
  }

  @Test
  void launcherRefusesAJavaOlderThan25() throws IOException {
    var java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    assumeTrue(Files.isExecutable(java17), "no Java 17 here to refuse");
    var result = launcher(Map.of("KLIPP_JAVA", java17.toString()), "--help");
    assertEquals(1, result.exitCode());
    assertTrue(result.output().contains("is not a Java 25+ runtime"), result.output());
  }

  @Test
  void launcherStartsTheAgentOnJava25() throws IOException {
    assumeTrue(agentHasMain(), "the terminal module has no no.klipp.terminal.Main yet: agent start not checked");
    var java = Path.of(System.getProperty("java.home"), "bin", "java");
    var result = launcher(Map.of("KLIPP_JAVA", java.toString()), "--help");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("Usage"), result.output());
  }

  @Test
  void launcherFindsJava25WithoutBeingTold() throws IOException {
    // Under /usr/lib/jvm, as on a terminal with Temurin from Adoptium's repository.
    assumeTrue(hasJava25UnderUsrLibJvm(), "no Java 25 under /usr/lib/jvm");
    assumeTrue(agentHasMain(), "the terminal module has no no.klipp.terminal.Main yet: agent start not checked");
    var result = launcher(Map.of("JAVA_HOME", "/nonexistent", "PATH", "/usr/bin:/bin"), "--help");
    assertEquals(0, result.exitCode(), result.output());
  }

  @Test
  void agentAcceptsThePackagedConfiguration() throws IOException {
    assumeTrue(agentHasMain(), "the terminal module has no no.klipp.terminal.Main yet: configuration not checked");
    var result = launcher(Map.of("KLIPP_JAVA", javaBinary()),
        "--config", extracted.resolve("etc/klipp/terminal.properties").toString(), "config");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("/var/lib/klipp-terminal/ledger.db"), result.output());
  }

  @Test
  void installedLauncherValidatesScansOnADemoLedger(@TempDir Path work) throws IOException {
    assumeTrue(agentHasMain(), "the terminal module has no no.klipp.terminal.Main yet: agent not run");
    // The packaged configuration with the ledger moved to a scratch directory.
    var config = work.resolve("terminal.properties");
    Files.writeString(config, Files.readString(extracted.resolve("etc/klipp/terminal.properties"))
        .replace("ledger.path=/var/lib/klipp-terminal/ledger.db", "ledger.path=" + work.resolve("ledger.db")));
    var env = Map.of("KLIPP_JAVA", javaBinary());
    var snapshot = work.resolve("demo.json");
    var made = launcher(env, "--config", config.toString(), "demo-ledger", "--out", snapshot.toString(), "--cards", "20");
    assertEquals(0, made.exitCode(), made.output());
    var imported = launcher(env, "--config", config.toString(), "ledger", "import", snapshot.toString());
    assertEquals(0, imported.exitCode(), imported.output());
    var validated = launcher(env, "--config", config.toString(), "validate", "--input",
        work.resolve("demo.codes.txt").toString());
    assertEquals(0, validated.exitCode(), validated.output());
    var verdicts = validated.output().lines().filter(line -> line.startsWith("{")).toList();
    assertEquals(20, verdicts.size(), validated.output());
    assertTrue(verdicts.stream().anyMatch(line -> line.contains("\"admitted\":true")), validated.output());
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static boolean agentHasMain() throws IOException {
    try (var jar = new ZipFile(extracted.resolve("usr/share/klipp-terminal/klipp-terminal.jar").toFile())) {
      return jar.getEntry("no/klipp/terminal/Main.class") != null;
    }
  }

  private static boolean hasJava25UnderUsrLibJvm() throws IOException {
    var jvm = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvm)) {
      return false;
    }
    try (var homes = Files.list(jvm)) {
      return homes.anyMatch(home -> {
        try {
          var release = home.resolve("release");
          return Files.isReadable(release)
              && Pattern.compile("JAVA_VERSION=\"(2[5-9]|[3-9]\\d)").matcher(Files.readString(release)).find();
        } catch (IOException e) {
          return false;
        }
      });
    }
  }

  private static Command.Result launcher(Map<String, String> environment, String... args) throws IOException {
    var argv = new java.util.ArrayList<String>();
    argv.add(extracted.resolve("usr/bin/klipp-terminal").toString());
    argv.addAll(List.of(args));
    var env = new java.util.HashMap<>(environment);
    env.put("KLIPP_JAR", extracted.resolve("usr/share/klipp-terminal/klipp-terminal.jar").toString());
    return new Command(argv, env).run();
  }

}
