package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.sync.IdentityFile;
import no.klipp.terminal.sync.SyncLoop;
import no.klipp.terminal.sync.TerminalSync;
import no.klipp.terminal.validation.OfflinePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A terminal JVM killed with SIGKILL again and again while it records and uploads visits. */
class SigkillTest {

  @TempDir
  Path dir;

  @Test
  void killedMidUploadLosesAndDoublesNothing() throws Exception {
    long seed = SyncFaultTest.SEED + 30;
    Random random = new Random(seed);
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Kill", 30, null);
      String code = server.register(seeded.venueId(), "entrance");
      Path terminalDir = Files.createDirectories(dir.resolve("t1"));
      Path credentials = dir.resolve("cards.txt");
      Files.write(credentials, seeded.credentials());
      try (FaultProxy proxy = FaultProxy.clean(server.port())) {
        new TerminalFixture(terminalDir, "http://127.0.0.1:" + proxy.port(), code, SyncFaultTest.CLEAN,
            OfflinePolicy.off(), seed).close();

        int kills = 8;
        List<Integer> serverCounts = new ArrayList<>();
        // Visits recorded but not yet on the server at each kill: the kills must land mid-upload.
        List<Integer> queuedAtKill = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
          Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
              "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
              TerminalChild.class.getName(), terminalDir.toString(), credentials.toString(), Long.toString(seed + k))
              .redirectError(ProcessBuilder.Redirect.DISCARD).start();
          try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
              line = out.readLine();
            } while (line != null && !line.equals("ready"));
            assertEquals("ready", line, "child started");
            Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep its pipe flowing
            // Kill while uploads run: once the server has taken something from this life of the
            // child, at a random moment of the next batches.
            int before = server.visits().size();
            for (int i = 0; i < 300 && server.visits().size() == before; i++) {
              Thread.sleep(50);
            }
            Thread.sleep(random.nextInt(400));
          } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
          }
          assertTrue(child.waitFor(10, TimeUnit.SECONDS));
          assertEquals(137, child.exitValue(), "killed by SIGKILL");
          // An upload the child sent just before dying may still be landing: let it, then count.
          Thread.sleep(200);
          int onServer = server.visits().size();
          serverCounts.add(onServer);
          try (Ledger ledger = Ledger.open(terminalDir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
            queuedAtKill.add(TerminalFixture.recorded(ledger).size() - onServer);
          }
        }

        try (Ledger ledger = Ledger.open(terminalDir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
          assertEquals(List.of("ok"), ledger.integrityCheck());
          var identity = new IdentityFile(terminalDir.resolve("terminal.json")).load().orElseThrow();
          SyncLoop loop = TerminalSync.loop(ledger, identity, SyncFaultTest.CLEAN, Clock.systemUTC(), random, t -> { });
          for (int i = 0; i < 50 && (loop.status().visitsWaiting() > 0 || !loop.status().online()); i++) {
            loop.round();
          }
          assertEquals(0, loop.status().visitsWaiting());
          List<String> made = TerminalFixture.recorded(ledger);
          System.out.printf("[fault-test] %d SIGKILLs; server visit counts after each kill: %s; still queued: %s%n",
              kills, serverCounts, queuedAtKill);
          assertTrue(serverCounts.getLast() > 0, "uploads happened between kills");
          // The sync thread keeps the queue short (a visit or two), so one kill may find it empty;
          // most must not, or the kills did not land while uploads ran.
          assertTrue(queuedAtKill.stream().filter(q -> q > 0).count() >= kills / 2,
              "visits were still queued at most kills: " + queuedAtKill);
          Tally.of(kills + " SIGKILLs of the terminal JVM during upload", made, server.visits()).printAndCheck();
        }
      }
    }
  }
}
