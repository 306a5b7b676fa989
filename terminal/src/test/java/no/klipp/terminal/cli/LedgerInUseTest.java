package no.klipp.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.ledger.LedgerLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's writing commands and the agent ({@code run}) do not write one ledger at the same time. */
class LedgerInUseTest {

  static final String IN_USE = "is in use by the running terminal agent";

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(Instant.parse("2026-03-11T11:00:00Z"));

  record Run(int code, String out, String err) {}

  Run run(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(clock, new Random(7), stdin, new PrintStream(out, true), new PrintStream(err, true));
    int code = Cli.execute(args, env);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run run(String stdin, String... args) {
    return run(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  Path ledger() {
    return dir.resolve("ledger.db");
  }

  /** A demo snapshot of {@code cards} cards; returns it, its codes beside it. */
  Path snapshot(String name, int cards) {
    Path snapshot = dir.resolve(name + ".json");
    Run made = run("", "demo-ledger", "--out", snapshot.toString(), "--cards", Integer.toString(cards));
    assertEquals(0, made.code(), made.err());
    return snapshot;
  }

  String stats() {
    Run stats = run("", "--db", ledger().toString(), "ledger", "stats");
    assertEquals(0, stats.code(), stats.err());
    return stats.out();
  }

  /** Holds the ledger's lock in this (child) JVM until its standard input ends, as a running agent would. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      try (LedgerLock held = LedgerLock.take(Path.of(args[0]))) {
        System.out.println("held");
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    }
  }

  @Test
  void writingCommandsRefuseWhileAnotherProcessHoldsTheLedgerAndWorkOnceItIsReleased() throws Exception {
    Path fifty = snapshot("fifty", 50);
    Path ten = snapshot("ten", 10);
    assertEquals(0, run("", "--db", ledger().toString(), "ledger", "import", fifty.toString()).code());
    List<String> codes = Files.readAllLines(dir.resolve("fifty.codes.txt"));
    String before = stats();

    Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
        ledger().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("held", said.readLine());

      Run imported = run("", "--db", ledger().toString(), "ledger", "import", ten.toString());
      assertEquals(ExitCodes.LEDGER, imported.code(), imported.err());
      assertEquals("terminal: the ledger " + ledger() + " " + IN_USE
          + " (or another terminal command): stop it first (systemctl stop klipp-terminal)\n", imported.err());
      Run validated = run(codes.get(0) + "\n", "--db", ledger().toString(), "validate");
      assertEquals(ExitCodes.LEDGER, validated.code(), validated.err());
      assertTrue(validated.err().contains(IN_USE), validated.err());
      assertEquals("", validated.out());
      assertEquals(before, stats(), "nothing changed");
      Run status = run("", "--db", ledger().toString(), "status");
      assertEquals(0, status.code(), status.err());
    } finally {
      holder.getOutputStream().close();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    }

    Run validated = run(codes.get(0) + "\n", "--db", ledger().toString(), "validate");
    assertEquals(0, validated.code(), validated.err());
    assertTrue(validated.out().contains("\"admitted\":true"), validated.out());
    Run imported = run("", "--db", ledger().toString(), "ledger", "import", ten.toString());
    assertEquals(0, imported.code(), imported.err());
    assertTrue(imported.out().contains("10 cards"), imported.out());
  }

  @Test
  void runHoldsTheLedgerUntilItEnds() throws Exception {
    Path fifty = snapshot("fifty", 50);
    assertEquals(0, run("", "--db", ledger().toString(), "ledger", "import", fifty.toString()).code());
    String code = Files.readAllLines(dir.resolve("fifty.codes.txt")).get(0);
    PipedOutputStream scans = new PipedOutputStream();
    PipedInputStream agentIn = new PipedInputStream(scans);
    CompletableFuture<Run> agent = CompletableFuture.supplyAsync(() -> run(agentIn, "--db", ledger().toString(), "run"));
    try {
      // The agent is up once it has admitted a scan.
      scans.write((code + "\n").getBytes(StandardCharsets.UTF_8));
      scans.flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!stats().contains("\"visits\" : 1,")) {
        assertTrue(System.nanoTime() < deadline, "the agent admitted no scan");
        Thread.sleep(50);
      }
      Run validated = run(code + "\n", "--db", ledger().toString(), "validate");
      assertEquals(ExitCodes.LEDGER, validated.code(), validated.err());
      assertTrue(validated.err().contains(IN_USE), validated.err());
      Run again = run("", "--db", ledger().toString(), "run");
      assertEquals(ExitCodes.LEDGER, again.code(), again.err());
      assertTrue(again.err().contains(IN_USE), again.err());
    } finally {
      scans.close();
    }
    Run ended = agent.get(30, TimeUnit.SECONDS);
    assertEquals(0, ended.code(), ended.err());
    assertTrue(ended.out().contains("\"admitted\":true"), ended.out());

    Run validated = run(code + "\n", "--db", ledger().toString(), "validate");
    assertEquals(0, validated.code(), validated.err());
  }
}
