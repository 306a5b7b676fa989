package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pi/setup.sh's display mode, run with its own functions on a root of this test's: an entrance
 * unless told it is a staffed desk, since the staff screen's desk buttons (admit a typed card
 * number, add a companion, undo) must not be in reach of children at an unattended entry.
 */
class SetupDisplayTest {

  @TempDir Path dir;

  /** The configuration's display mode after setup.sh's display step with {@code options}. */
  private Command.Result configure(String... options) throws Exception {
    Path config = Files.createDirectories(dir.resolve("etc/klipp")).resolve("terminal.properties");
    // As the package installs it: the agent's own default is the staff screen.
    Files.writeString(config, "validation.zone=Europe/Oslo\ndisplay.mode=staff\n");
    String script = "source <(sed '/^main$/d' \"$SETUP\") --root \"$ROOT\" \"$@\" && configure_display";
    return Command.of(concat(List.of("bash", "-c", script, "setup"), options))
        .withEnvironment(Map.of("SETUP", Sources.dir().resolve("pi/setup.sh").toString(), "ROOT", dir.toString()))
        .run();
  }

  private static String[] concat(List<String> head, String[] tail) {
    String[] out = head.toArray(new String[head.size() + tail.length]);
    System.arraycopy(tail, 0, out, head.size(), tail.length);
    return out;
  }

  private String mode() throws Exception {
    return Files.readAllLines(dir.resolve("etc/klipp/terminal.properties")).stream()
        .filter(l -> l.startsWith("display.mode=")).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void aTerminalIsAnEntranceUnlessToldItIsAStaffedDesk() throws Exception {
    var result = configure();
    assertEquals(0, result.exitCode(), result.output());
    assertEquals("display.mode=entrance", mode());
    result = configure("--display", "staff");
    assertEquals(0, result.exitCode(), result.output());
    assertEquals("display.mode=staff", mode());
  }

  @Test
  void anUnknownModeIsRefusedBeforeAnythingIsDone() throws Exception {
    String setup = Files.readString(Sources.dir().resolve("pi/setup.sh"));
    assertTrue(setup.contains("case \"$DISPLAY_MODE\" in entrance|staff) ;; *) die"),
        "preflight does not check --display before installing anything");
  }
}
