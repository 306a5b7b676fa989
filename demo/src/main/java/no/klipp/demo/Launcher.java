package no.klipp.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start the parts as processes: {@code java -jar} on the built jars (./klipp demo), or
 * {@code java -cp} with a main class (the tests, from the test class path).
 */
record Launcher(Path java, List<String> server, List<String> terminal) {

  Launcher {
    Objects.requireNonNull(java, "java == null");
    server = List.copyOf(server);
    terminal = List.copyOf(terminal);
  }

  /** The built jars. */
  static Launcher jars(Path java, Path serverJar, Path terminalJar) {
    return new Launcher(java, List.of("-jar", serverJar.toString()), List.of("-jar", terminalJar.toString()));
  }

  /** One class path holding both parts. */
  static Launcher classPath(Path java, String classPath) {
    return new Launcher(java, List.of("-cp", classPath, "no.klipp.server.Main"),
        List.of("-cp", classPath, "no.klipp.terminal.Main"));
  }

  List<String> server(String... args) {
    return command(server, args);
  }

  List<String> terminal(String... args) {
    return command(terminal, args);
  }

  private List<String> command(List<String> part, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    // Small and quick to start: the demo runs three JVMs on a laptop.
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Xshare:auto");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(part);
    cmd.addAll(List.of(args));
    return cmd;
  }
}
