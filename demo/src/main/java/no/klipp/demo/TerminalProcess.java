package no.klipp.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.time.Clock;
import no.klipp.protocol.sync.Json;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.sync.LedgerStatusStore;
import no.klipp.terminal.sync.LedgerVisitQueue;
import no.klipp.terminal.sync.SyncStatus;

/**
 * One simulated venue terminal: the real {@code terminal} agent in a child process, enrolled with
 * the server through the demo's network, fed scans on its standard input (as a hand scanner would
 * type them), its verdicts read from its standard output.
 */
final class TerminalProcess implements AutoCloseable {

  private final String name;
  private final Launcher launcher;
  private final Path config;
  private final Path dir;
  private final ObjectMapper json = Json.mapper();
  private Process process;
  private Writer scans;

  private TerminalProcess(String name, Launcher launcher, Path dir, Path config) {
    this.name = name;
    this.launcher = launcher;
    this.dir = dir;
    this.config = config;
  }

  /** Writes the terminal's configuration and enrolls it at {@code server} with {@code code}. */
  static TerminalProcess enroll(String name, Launcher launcher, Path dir, String server, String code, int displayPort,
      String displayMode) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path config = dir.resolve("terminal.properties");
    Files.writeString(config, String.join("\n",
        "ledger.path=" + dir.resolve("ledger.db"),
        "sync.credential=" + dir.resolve("credential.json"),
        // Quick rhythm for the demo: changes every 20 s, retries every few seconds.
        "sync.pullInterval=20s",
        "sync.timeout=3s",
        "sync.backoffMax=5s",
        "display.enabled=" + (displayPort > 0),
        "display.port=" + Math.max(displayPort, 0),
        "display.mode=" + displayMode,
        ""));
    TerminalProcess t = new TerminalProcess(name, launcher, dir, config);
    Process p = new ProcessBuilder(launcher.terminal("--config", config.toString(), "enroll", "--server", server,
        "--code", code)).redirectErrorStream(true).redirectOutput(dir.resolve("enroll.log").toFile()).start();
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(name + ": enrollment failed: " + Files.readString(dir.resolve("enroll.log")).strip());
    }
    return t;
  }

  /**
   * Starts {@code terminal run} and waits until it is ready (its log says so); each verdict (a
   * JSON object) goes to {@code verdicts}.
   */
  void run(Consumer<JsonNode> verdicts) throws IOException, InterruptedException {
    Path log = dir.resolve("terminal.log");
    ProcessBuilder builder = new ProcessBuilder(launcher.terminal("--config", config.toString(), "run"))
        .redirectError(log.toFile());
    // INFO: the log says when the agent is ready, and what its sync does.
    builder.environment().put("KLIPP_LOG_LEVEL", "INFO");
    process = builder.start();
    scans = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread.ofVirtual().name(name + "-verdicts").start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          try {
            verdicts.accept(json.readTree(line));
          } catch (IOException e) {
            // not a verdict line
          }
        }
      } catch (IOException e) {
        // the terminal stopped
      }
    });
    for (int i = 0; i < 240 && process.isAlive(); i++) {
      if (Files.exists(log) && Files.readString(log).contains("Terminal ready")) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IOException(name + ": the terminal did not start; see " + log);
  }

  /** Presents a scan (a QR text or a typed card number), as a hand scanner types a line. */
  synchronized void scan(String text) throws IOException {
    scans.write(text + "\n");
    scans.flush();
  }

  /**
   * What {@code terminal status} shows, read from the terminal's ledger beside the running agent
   * (SQLite lets both in) rather than by starting a JVM for each look.
   */
  SyncStatus status() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
      return new LedgerStatusStore(ledger).current(new LedgerVisitQueue(ledger, Clock.systemUTC()));
    }
  }

  /** Whether the agent still runs (Ctrl-C reaches it too: it stops on its own, its visits kept). */
  boolean alive() {
    return process != null && process.isAlive();
  }

  String name() {
    return name;
  }

  Path dir() {
    return dir;
  }

  /** Ends the agent's input: it finishes, sends what waits if it can, and exits. */
  @Override
  public void close() throws InterruptedException {
    if (process == null) {
      return;
    }
    try {
      scans.close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroy();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
