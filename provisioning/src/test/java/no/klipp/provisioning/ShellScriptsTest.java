package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every shell script of the module passes shellcheck, and the scripts are executable. */
class ShellScriptsTest {

  @Test
  void findsTheScriptsItShouldCheck() {
    var found = Sources.shellScripts().stream().map(p -> Sources.dir().relativize(p).toString()).toList();
    for (var expected : new String[] {
        "pi/setup.sh",
        "src/deb/common/klipp-java-launcher",
        "src/deb/prepare.sh",
        "src/deb/terminal/make-config.sh",
        "src/deb/terminal/control/postinst",
        "src/deb/terminal/control/prerm",
        "src/deb/terminal/control/postrm",
        "src/deb/terminal/kiosk/kiosk-browser"}) {
      assertTrue(found.contains(expected), expected + " not among the scripts found: " + found);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyScriptPassesShellcheck() {
    assumeTrue(Command.available("shellcheck"),
        "shellcheck is not installed (apt-get install shellcheck): scripts not checked");
    return Sources.shellScripts().stream().map(script -> DynamicTest.dynamicTest(
        Sources.dir().relativize(script).toString(), () -> {
          // -x follows sourced files; -S style reports even the smallest finding.
          var result = Command.of("shellcheck", "-x", "-S", "style", script.toString()).run();
          assertEquals(0, result.exitCode(), () -> "shellcheck " + script + ":\n" + result.output());
        }));
  }

  @Test
  void shellcheckCatchesAMistake() throws Exception {
    assumeTrue(Command.available("shellcheck"), "shellcheck is not installed");
    // The check above would pass vacuously if shellcheck accepted anything: show it does not.
    Path bad = Files.createTempFile("klipp-bad", ".sh");
    try {
      Files.writeString(bad, "#!/bin/sh\nrm -rf $1/data\n");
      assertTrue(Command.of("shellcheck", bad.toString()).run().exitCode() != 0);
    } finally {
      Files.delete(bad);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyScriptIsExecutable() {
    return Sources.shellScripts().stream().map(script -> DynamicTest.dynamicTest(
        Sources.dir().relativize(script).toString(),
        () -> assertTrue(Files.isExecutable(script), script + " is not executable (git update-index --chmod=+x)")));
  }
}
