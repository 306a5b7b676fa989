package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pi/setup.sh's journald drop-in, written into a scratch root: whichever journal the terminal
 * keeps, it is bounded in time as well as in size, so a log line is never kept for years on a
 * quiet terminal.
 */
class SetupJournalTest {

  @TempDir Path root;

  @ParameterizedTest
  @ValueSource(strings = {"volatile", "persistent"})
  void journalIsBoundedInTimeAndSize(String mode) throws Exception {
    String script = "source <(sed '/^main$/d' \"$SETUP\") --root \"$ROOT_DIR\" --journal " + mode
        + " && spare_the_sd_card";
    var result = Command.of("bash", "-c", script)
        .withEnvironment(Map.of(
            "SETUP", Sources.dir().resolve("pi/setup.sh").toString(),
            "ROOT_DIR", root.toString()))
        .run();
    assertEquals(0, result.exitCode(), result.output());
    List<String> lines =
        Files.readAllLines(root.resolve("etc/systemd/journald.conf.d/klipp-sd-card.conf"));
    assertTrue(lines.contains("Storage=" + mode), String.join("\n", lines));
    assertTrue(lines.contains("MaxRetentionSec=14day"), "no time bound on the journal: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.matches("(Runtime|System)MaxUse=\\d+M")),
        "no size bound on the journal: " + lines);
  }
}
