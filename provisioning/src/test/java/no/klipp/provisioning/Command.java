package no.klipp.provisioning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external tool (dpkg-deb, shellcheck, systemd-analyze, lintian) and captures what it says. */
record Command(List<String> argv, Map<String, String> environment) {

  /** What a finished command said: its exit code and its stdout and stderr together. */
  record Result(int exitCode, String output) {}

  static Command of(String... argv) {
    return new Command(List.of(argv), Map.of());
  }

  Command withEnvironment(Map<String, String> extra) {
    return new Command(argv, extra);
  }

  Result run() {
    return run(java.time.Duration.ofMinutes(2));
  }

  Result run(java.time.Duration timeout) {
    try {
      // Output goes to a file, not a pipe: a hung tool (or a child it left running) cannot make
      // the read block past the timeout.
      var log = Files.createTempFile("klipp-command", ".log");
      try {
        var builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        var process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          throw new IllegalStateException("timed out after " + timeout + ": " + argv + "\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + argv, e);
    }
  }

  /** True when {@code tool} is an executable on the PATH (or in /usr/sbin, /sbin). */
  static boolean available(String tool) {
    var path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin";
    for (var dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
