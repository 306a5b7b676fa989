package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pi/setup.sh's package step, run with its own functions against a fake {@code apt-get} and
 * {@code klipp-terminal} on the PATH: the .deb is installed wherever it lies, also in /tmp, where
 * it and this script are commonly copied to (scp setup.sh klipp-terminal_*.deb pi:/tmp/).
 */
class SetupPackageTest {

  @TempDir Path dir;

  @BeforeEach
  void fakeTools() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    // Records the package it was given and fails, like apt, when that file cannot be read.
    Path aptGet = Files.writeString(bin.resolve("apt-get"), """
        #!/bin/sh
        for arg in "$@"; do
          case "$arg" in
            *.deb) cat "$arg" >"$FAKE_DIR/installed.deb" || exit 100 ;;
          esac
        done
        """);
    Path agent = Files.writeString(bin.resolve("klipp-terminal"), "#!/bin/sh\nexit 0\n");
    for (Path tool : new Path[] {aptGet, agent}) {
      Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  Command.Result installPackage(Path deb) {
    String script = "source <(sed '/^main$/d' \"$SETUP\") --deb \"$DEB\" && install_package";
    return Command.of("bash", "-c", script)
        .withEnvironment(Map.of(
            "SETUP", Sources.dir().resolve("pi/setup.sh").toString(),
            "DEB", deb.toString(),
            "FAKE_DIR", dir.toString(),
            "PATH", dir.resolve("bin") + ":" + System.getenv("PATH")))
        .run();
  }

  @Test
  void installsADebThatIsAlreadyInTmpAndLeavesItThere() throws Exception {
    Path deb = Files.createTempFile(Path.of("/tmp"), "klipp-terminal_0.1.0~test", "_all.deb");
    try {
      Files.writeString(deb, "the package");
      var result = installPackage(deb);
      assertEquals(0, result.exitCode(), result.output());
      assertEquals("the package", Files.readString(dir.resolve("installed.deb")));
      assertTrue(Files.exists(deb), "setup.sh deleted the .deb it was given");
    } finally {
      Files.deleteIfExists(deb);
    }
  }

  @Test
  void installsADebFromElsewhere() throws Exception {
    Path deb = Files.writeString(dir.resolve("klipp-terminal_0.1.0_all.deb"), "the package");
    var result = installPackage(deb);
    assertEquals(0, result.exitCode(), result.output());
    assertEquals("the package", Files.readString(dir.resolve("installed.deb")));
    assertTrue(Files.exists(deb), "setup.sh deleted the .deb it was given");
  }
}
