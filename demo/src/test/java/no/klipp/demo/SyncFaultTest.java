package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import no.klipp.terminal.sync.SyncConfig;
import no.klipp.terminal.sync.SyncRunner;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server, real terminals and a network that loses, delays, cuts, garbles, duplicates and
 * resets: every visit made reaches the server exactly once. Seeds are fixed (override with
 * {@code -Dklipp.faultSeed=N}) so a failure can be replayed.
 */
class SyncFaultTest {

  static final SyncConfig SYNC = new SyncConfig(40, Duration.ofSeconds(2), Duration.ofMillis(400),
      Duration.ofMillis(5), Duration.ofMillis(50), Duration.ZERO, "e2e");
  /** The same for tests whose network is clean or down: a deadline no busy machine misses. */
  static final SyncConfig CLEAN = new SyncConfig(40, Duration.ofSeconds(2), Duration.ofSeconds(10),
      Duration.ofMillis(5), Duration.ofMillis(50), Duration.ZERO, "e2e");
  static final long SEED = Long.getLong("klipp.faultSeed", 20261121L);

  @TempDir
  Path dir;

  /** 45 % clean exchanges, the rest spread over every fault. */
  static Supplier<Fault> randomFaults(Random random) {
    Fault[] bad = {Fault.DROP_REQUEST, Fault.DROP_RESPONSE, Fault.DELAY, Fault.TRUNCATE, Fault.GARBLE,
        Fault.DUPLICATE, Fault.RESET, Fault.RESET_AFTER};
    return () -> {
      synchronized (random) {
        return random.nextInt(100) < 45 ? Fault.NONE : bad[random.nextInt(bad.length)];
      }
    };
  }

  @Test
  void hundredsOfRoundsThroughRandomFaults() throws Exception {
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Fault", 40, null);
      String code = server.register(seeded.venueId(), "entrance");
      Random random = new Random(SEED);
      boolean[] faulty = {false};
      Supplier<Fault> faults = randomFaults(new Random(SEED + 1));
      try (FaultProxy proxy = new FaultProxy(server.port(), () -> faulty[0] ? faults.get() : Fault.NONE,
              Duration.ofMillis(700), new Random(SEED + 2));
          TerminalFixture terminal = new TerminalFixture(Files.createDirectories(dir.resolve("t1")),
              "http://127.0.0.1:" + proxy.port(), code, SYNC, OfflinePolicy.off(), SEED)) {
        faulty[0] = true;
        int rounds = 300;
        for (int round = 0; round < rounds; round++) {
          int visits = random.nextInt(6);
          for (int i = 0; i < visits; i++) {
            Verdict v = terminal.scan(seeded.credentials().get(random.nextInt(seeded.credentials().size())));
            assertTrue(v.admitted(), v.toString());
          }
          terminal.loop.round();
        }
        Map<Fault, Long> counts = proxy.counts();
        faulty[0] = false;
        int drained = terminal.drain(50);

        System.out.printf("[fault-test] %d rounds, then %d clean; faults: %s%n", rounds, drained, counts);
        for (Fault f : Fault.values()) {
          assertTrue(counts.get(f) > 0, "every fault happened at least once: " + counts);
        }
        assertEquals(0, terminal.loop.status().visitsWaiting());
        assertEquals(0, terminal.loop.status().visitsRefused());
        Tally.of("random faults, " + rounds + " rounds (seed " + SEED + ")", terminal.recorded(), server.visits())
            .printAndCheck();
      }
    }
  }

  @Test
  void serverRestartedMidRunWhileTheTerminalSyncsOnItsOwnThread() throws Exception {
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Restart", 30, null);
      String code = server.register(seeded.venueId(), "entrance");
      Random random = new Random(SEED + 10);
      try (FaultProxy proxy = FaultProxy.clean(server.port());
          TerminalFixture terminal = new TerminalFixture(Files.createDirectories(dir.resolve("t1")),
              "http://127.0.0.1:" + proxy.port(), code, CLEAN, OfflinePolicy.off(), SEED)) {
        int restarts = 0;
        try (SyncRunner runner = new SyncRunner(terminal.loop, Duration.ZERO).start()) {
          for (int i = 0; i < 600; i++) {
            terminal.scan(seeded.credentials().get(random.nextInt(seeded.credentials().size())));
            runner.visitRecorded();
            if (i % 150 == 75) {
              // Stop the server under the running uploads, start it again on the same data.
              proxy.target(server.restart());
              restarts++;
            }
            if (i % 10 == 0) {
              Thread.sleep(5);
            }
          }
        }
        terminal.drain(50);
        assertEquals(0, terminal.loop.status().visitsWaiting());
        System.out.printf("[fault-test] server restarted %d times%n", restarts);
        Tally.of("server restarted " + restarts + " times mid-run", terminal.recorded(), server.visits())
            .printAndCheck();
      }
    }
  }

  @Test
  void serverDownForLongWithThousandsOfQueuedVisits() throws Exception {
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Outage", 50, null);
      String code = server.register(seeded.venueId(), "entrance");
      Random random = new Random(SEED + 20);
      try (FaultProxy proxy = FaultProxy.clean(server.port());
          TerminalFixture terminal = new TerminalFixture(Files.createDirectories(dir.resolve("t1")),
              "http://127.0.0.1:" + proxy.port(), code, CLEAN, OfflinePolicy.off(), SEED)) {
        proxy.down(true);
        int made = 2000;
        for (int i = 0; i < made; i++) {
          assertTrue(terminal.scan(seeded.credentials().get(random.nextInt(50))).admitted());
          if (i % 400 == 0) {
            terminal.loop.round(); // tries and fails: the queue stays
          }
        }
        assertFalse(terminal.loop.status().online());
        assertEquals(made, terminal.loop.status().visitsWaiting());

        proxy.down(false);
        int rounds = terminal.drain(20);

        assertEquals(0, terminal.loop.status().visitsWaiting());
        assertTrue(terminal.loop.status().online());
        System.out.printf("[fault-test] %d queued visits drained in %d round(s)%n", made, rounds);
        Tally.of("server down with " + made + " visits queued", terminal.recorded(), server.visits()).printAndCheck();
      }
    }
  }

  @Test
  void serverRestoredFromAnOlderBackupGetsTheLostVisitsAgain() throws Exception {
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Backup", 20, null);
      String code = server.register(seeded.venueId(), "entrance");
      Random random = new Random(SEED + 40);
      try (FaultProxy proxy = FaultProxy.clean(server.port());
          TerminalFixture terminal = new TerminalFixture(Files.createDirectories(dir.resolve("t1")),
              "http://127.0.0.1:" + proxy.port(), code, CLEAN, OfflinePolicy.off(), SEED)) {
        scanAndDrain(terminal, seeded, random, 40);
        server.stop();
        server.backup(dir.resolve("backup"));
        server.start();
        proxy.target(server.port());
        scanAndDrain(terminal, seeded, random, 60);
        int before = server.visits().size();

        // The server's disk fails; it comes back from last night's backup, 60 visits short.
        server.stop();
        server.restore(dir.resolve("backup"));
        server.start();
        proxy.target(server.port());
        assertEquals(40, server.visits().size());
        scanAndDrain(terminal, seeded, random, 10);
        terminal.drain(10);

        System.out.printf("[fault-test] server restored from a backup: %d visits before, %d after the restore, "
            + "%d after the terminal resent what the server lacked%n", before, 40, server.visits().size());
        Tally.of("server restored from an older backup", terminal.recorded(), server.visits()).printAndCheck();
      }
    }
  }

  private static void scanAndDrain(TerminalFixture terminal, ServerFixture.Seeded seeded, Random random, int n) {
    for (int i = 0; i < n; i++) {
      assertTrue(terminal.scan(seeded.credentials().get(random.nextInt(seeded.credentials().size()))).admitted());
    }
    terminal.drain(10);
    assertEquals(0, terminal.loop.status().visitsWaiting());
  }

  @Test
  void revokedTerminalKeepsItsQueueAndSaysSo() throws Exception {
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Revoke", 5, null);
      String code = server.register(seeded.venueId(), "entrance");
      try (FaultProxy proxy = FaultProxy.clean(server.port());
          TerminalFixture terminal = new TerminalFixture(Files.createDirectories(dir.resolve("t1")),
              "http://127.0.0.1:" + proxy.port(), code, CLEAN, OfflinePolicy.off(), SEED)) {
        terminal.scan(seeded.credentials().get(0));
        terminal.drain(5);
        server.server.terminals.revoke(terminal.identity.terminalId());
        List<String> after = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
          assertTrue(terminal.scan(seeded.credentials().get(i)).admitted(), "the venue keeps working");
        }
        terminal.loop.round();

        var status = terminal.loop.status();
        assertFalse(status.online());
        assertEquals(3, status.visitsWaiting(), "the queue is kept");
        assertTrue(status.problem().contains("does not accept this terminal"), status.problem());
        assertEquals(1, server.visits().size());
        after.addAll(terminal.recorded());
        assertEquals(4, after.size());
      }
    }
  }
}
