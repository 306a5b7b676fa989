package no.klipp.terminal.display;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import no.klipp.terminal.cli.Cli;
import no.klipp.terminal.cli.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code terminal run} with {@code display.enabled=true}: a scan on standard input reaches the page's event stream. */
class TerminalRunDisplayTest {

  @TempDir Path dir;

  private int cli(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(Clock.systemUTC(), new Random(7), new java.io.ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
    int code = Cli.execute(args, env);
    assertEquals(0, code, err.toString(UTF_8));
    return code;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void scanOnStandardInputIsShownOnTheStaffScreen() throws Exception {
    Path snapshot = dir.resolve("demo.json");
    String db = dir.resolve("ledger.db").toString();
    cli("demo-ledger", "--out", snapshot.toString(), "--cards", "20");
    cli("--db", db, "ledger", "import", snapshot.toString());
    List<String> codes = Files.readAllLines(dir.resolve("demo.codes.txt"));
    int port = freePort();
    Path config = dir.resolve("terminal.properties");
    Files.writeString(config, "display.enabled=true\ndisplay.port=" + port + "\ndisplay.mode=staff\ndisplay.language=en\n");

    PipedOutputStream scanner = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(scanner);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(Clock.systemUTC(), new Random(7), stdin, new PrintStream(out, true), new PrintStream(err, true));
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(() -> Cli.execute(new String[] {"--config", config.toString(), "--db", db, "run"}, env));
    String base = "http://localhost:" + port;
    awaitUp(base, run, err);

    try (DisplayServerTest.EventStream stream = DisplayServerTest.EventStream.open(base, null)) {
      stream.next("status");
      scanner.write((codes.get(0) + "\n").getBytes(UTF_8));
      scanner.flush();
      String verdict = stream.next("verdict");
      assertTrue(verdict.contains("\"admitted\":true"), verdict);
      assertTrue(verdict.contains("\"firstName\":\"Emma\""), verdict);
      assertTrue(verdict.contains("\"name\":\"Cinema ticket\""), verdict);
    }
    scanner.close();
    assertEquals(0, run.get(10, TimeUnit.SECONDS), err.toString(UTF_8));
    assertTrue(out.toString(UTF_8).contains("\"admitted\":true"), "verdicts still printed: " + out.toString(UTF_8));
  }

  @Test
  void withKeepRunningTheDisplayOutlivesTheReadersUntilStopped() throws Exception {
    Path snapshot = dir.resolve("demo.json");
    String db = dir.resolve("ledger.db").toString();
    cli("demo-ledger", "--out", snapshot.toString(), "--cards", "5");
    cli("--db", db, "ledger", "import", snapshot.toString());
    int port = freePort();
    Path config = dir.resolve("terminal.properties");
    Files.writeString(config, "display.enabled=true\ndisplay.port=" + port + "\ndisplay.mode=staff\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // Standard input at its end at once, as under systemd.
    Env env = new Env(Clock.systemUTC(), new Random(7), new java.io.ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
    java.util.concurrent.atomic.AtomicReference<Thread> agent = new java.util.concurrent.atomic.AtomicReference<>();
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
      agent.set(Thread.currentThread());
      return Cli.execute(new String[] {"--config", config.toString(), "--db", db, "run", "--keep-running"}, env);
    });
    String base = "http://localhost:" + port;
    awaitUp(base, run, err);
    Thread.sleep(500);
    assertFalse(run.isDone(), () -> "run ended with its readers: " + err.toString(UTF_8));
    awaitUp(base, run, err);

    agent.get().interrupt(); // what the SIGTERM hook does
    assertEquals(0, run.get(10, TimeUnit.SECONDS), err.toString(UTF_8));
  }

  private static void awaitUp(String base, CompletableFuture<Integer> run, ByteArrayOutputStream err) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      assertFalse(run.isDone(), () -> "terminal run ended: " + err.toString(UTF_8));
      try {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new AssertionError("display never came up: " + err.toString(UTF_8));
  }
}
