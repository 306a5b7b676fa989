package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged /etc/klipp/terminal.properties: the agent's own documented defaults with the
 * installed terminal's values, so that every setting the agent knows is there and documented.
 */
class TerminalConfigFileTest {
  static final Path AGENT_RESOURCES = Sources.dir().resolve("../terminal/src/main/resources/no/klipp/terminal");
  /** The agent's documented defaults: its own keys, and its devices'. */
  static final List<Path> AGENT_DEFAULTS = List.of(
      AGENT_RESOURCES.resolve("config/terminal.properties"), AGENT_RESOURCES.resolve("device/devices.properties"));
  static final Path OVERRIDES = Sources.dir().resolve("src/deb/terminal/etc/terminal.overrides.properties");

  @TempDir Path dir;

  @Test
  void everyOverrideIsAKeyTheAgentKnows() throws IOException {
    var known = agentDefaults();
    for (var key : load(OVERRIDES).stringPropertyNames()) {
      assertTrue(known.containsKey(key), key + " is not one of the agent's keys (renamed in " + AGENT_DEFAULTS + "?)");
    }
  }

  @Test
  void packagedFileHasEveryKeyDocumentedWithTheInstalledValues() throws IOException {
    var packaged = generate();
    var values = load(packaged);
    var agent = agentDefaults();
    var overrides = load(OVERRIDES);
    assertEquals(agent.stringPropertyNames(), values.stringPropertyNames());
    for (var key : agent.stringPropertyNames()) {
      var expected = overrides.getProperty(key, agent.getProperty(key));
      assertEquals(expected, values.getProperty(key), key);
    }
    assertEquals("/var/lib/klipp-terminal/ledger.db", values.getProperty("ledger.path"));
    // Documented: each setting has a comment line right above it (or above its group of keys).
    List<String> lines = Files.readAllLines(packaged);
    for (int i = 0; i < lines.size(); i++) {
      var line = lines.get(i);
      if (!line.isBlank() && !line.startsWith("#")) {
        int j = i - 1;
        while (j >= 0 && !lines.get(j).isBlank() && !lines.get(j).startsWith("#")) {
          j--;
        }
        assertTrue(j >= 0 && lines.get(j).startsWith("#"), "undocumented setting: " + line);
      }
    }
  }

  @Test
  void overriddenLinesKeepTheAgentsDefaultInAComment() throws IOException {
    var text = Files.readString(generate());
    var agentDefault = agentDefaults().getProperty("ledger.path");
    assertTrue(text.contains("# Packaged for an installed terminal; the agent alone would use: " + agentDefault + "\n"
        + "ledger.path=/var/lib/klipp-terminal/ledger.db\n"), text);
  }

  private Path generate() {
    var out = dir.resolve("terminal.properties");
    var argv = new java.util.ArrayList<String>(List.of(
        Sources.dir().resolve("src/deb/terminal/make-config.sh").toString(), OVERRIDES.toString(), out.toString()));
    AGENT_DEFAULTS.forEach(path -> argv.add(path.toString()));
    var result = new Command(argv, java.util.Map.of()).run();
    assertEquals(0, result.exitCode(), result.output());
    return out;
  }

  private static Properties agentDefaults() throws IOException {
    var all = new Properties();
    for (var file : AGENT_DEFAULTS) {
      all.putAll(load(file));
    }
    return all;
  }

  private static Properties load(Path file) throws IOException {
    var properties = new Properties();
    properties.load(new StringReader(Files.readString(file)));
    return properties;
  }
}
