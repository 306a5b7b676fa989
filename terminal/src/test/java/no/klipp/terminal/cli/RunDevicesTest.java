package no.klipp.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.klipp.terminal.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'terminal run' with the devices of the configuration, simulated as they are off a Pi. */
class RunDevicesTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(new FakeClock(CliTest.NOW), new Random(7), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = Cli.execute(args, env);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String db() {
    return dir.resolve("ledger.db").toString();
  }

  private List<String> demoCodes() throws Exception {
    Path snapshot = dir.resolve("demo.json");
    assertEquals(0, run("demo-ledger", "--out", snapshot.toString(), "--cards", "20").code());
    assertEquals(0, run("--db", db(), "ledger", "import", snapshot.toString()).code());
    return Files.readAllLines(dir.resolve("demo.codes.txt"));
  }

  /** A config whose simulated scanner reads a demo card, then something that is not a card. */
  private Path cardThenMisreadConfig() throws Exception {
    List<String> codes = demoCodes();
    Path scans = Files.writeString(dir.resolve("scans.txt"), codes.get(0) + "\nnot a card\n");
    Path config = Files.writeString(dir.resolve("terminal.properties"), """
        devices.mode=simulated
        devices.scanner=file
        devices.scanner.file=%s
        devices.scanner.file.interval=0s
        devices.lcd=console
        """.formatted(scans.toString().replace("\\", "/")));
    return config;
  }

  @Test
  void scansFromTheConfiguredFileAreShownOnTheSimulatedDevicesAndPrinted() throws Exception {
    Path config = cardThenMisreadConfig();
    Run r = run("--config", config.toString(), "--db", db(), "run");
    assertEquals(0, r.code(), r.err());
    String[] verdicts = r.out().strip().split("\n");
    assertEquals(2, verdicts.length, r.out());
    assertTrue(verdicts[0].contains("\"admitted\":true"), verdicts[0]);
    assertTrue(verdicts[1].contains("\"admitted\":false"), verdicts[1]);
    assertTrue(r.err().contains("[lcd]    |Velkommen!      |"), r.err());
    assertTrue(r.err().contains("[signal] GREEN  beep"), r.err());
    assertTrue(r.err().contains("[gate]   open for 3000 ms"), r.err());
    // "not a card" is a misread: try again, as the entrance screen says, not a refusal.
    assertTrue(r.err().contains("[lcd]    |Prov igjen      |"), r.err());
    assertTrue(r.err().contains("[signal] RED    beep beep beep"), r.err());
    assertEquals(1, r.err().split("\\[gate]", -1).length - 1, "the gate opened once: " + r.err());
  }

  /** Runs {@code run --keep-running} (plus {@code extra}) on two scans from a file until both are shown, then stops it. */
  private Run keepRunning(String... extra) throws Exception {
    Path config = cardThenMisreadConfig();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(new FakeClock(CliTest.NOW), new Random(7), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    List<String> args = new java.util.ArrayList<>(List.of("--config", config.toString(), "--db", db(), "run",
        "--keep-running"));
    args.addAll(List.of(extra));
    AtomicInteger code = new AtomicInteger(-1);
    Thread agent = new Thread(() -> code.set(Cli.execute(args.toArray(String[]::new), env)), "agent");
    agent.start();
    // The misread comes after the card: once it is shown, the card's verdict has been written (or not).
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!err.toString(StandardCharsets.UTF_8).contains("[lcd]    |Prov igjen      |") && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    agent.interrupt(); // what the SIGTERM hook does
    agent.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(agent.isAlive(), "run --keep-running did not stop");
    return new Run(code.get(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void keepRunningPrintsNoVerdicts() throws Exception {
    Run r = keepRunning();
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("[gate]   open for 3000 ms"), "the card was validated: " + r.err());
    assertEquals("", r.out(), "a service's stdout gets no card numbers");
  }

  @Test
  void keepRunningPrintsVerdictsWhenAsked() throws Exception {
    Run r = keepRunning("--verdicts");
    assertEquals(0, r.code(), r.err());
    // The misread's line may or may not be written by the time the agent is stopped; the card's is.
    String first = r.out().lines().findFirst().orElse("");
    assertTrue(first.contains("\"admitted\":true"), r.out());
  }

  @Test
  void wrongDeviceConfigurationStopsTheStartWithTheReason() throws Exception {
    demoCodes();
    Path config = Files.writeString(dir.resolve("terminal.properties"), "devices.nfc=pn533\n");
    Run r = run("--config", config.toString(), "--db", db(), "run");
    assertEquals(ExitCodes.CONFIG, r.code());
    assertTrue(r.err().contains("devices.nfc=pn533: expected one of none, pn532-i2c, pn532-spi, pcsc"), r.err());
  }
}
