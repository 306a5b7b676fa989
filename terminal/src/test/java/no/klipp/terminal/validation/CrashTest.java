package no.klipp.terminal.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.SnapshotImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM validating in a loop is killed with SIGKILL at random moments, again and again on
 * the same ledger: every admission it printed is in the ledger afterwards, the sequence has no
 * gaps, and {@code PRAGMA integrity_check} is ok.
 */
class CrashTest {

  static final int KILLS = 20;
  static final int CARDS = 500;

  @TempDir Path dir;

  @Test
  void everyPrintedAdmissionSurvivesSigkill() throws Exception {
    Path db = dir.resolve("ledger.db");
    Fixtures f = new Fixtures();
    f.offers.add(Fixtures.offer("entry", null, null));
    List<String> scans = new ArrayList<>();
    for (int i = 1; i <= CARDS; i++) {
      f.cards.add(Fixtures.card(i));
      scans.add(Fixtures.qr(i));
    }
    try (Ledger ledger = Ledger.open(db, Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(f.snapshot(), Instant.now());
    }
    Path scanFile = dir.resolve("scans.txt");
    Files.write(scanFile, scans);

    Random random = new Random(2026);
    Set<UUID> printed = new HashSet<>();
    int killedWhileScanning = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Process child = new ProcessBuilder(command(db, scanFile)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader = Thread.ofVirtual().start(() -> copy(child.getInputStream(), out));
      // Half the kills land at a random moment of start-up, half while admissions are being recorded.
      if (kill % 2 == 0) {
        Thread.sleep(random.nextInt(600));
      } else {
        waitFor(out, "READY", child);
        // On a loaded machine the first admission can take a while: kill only once scanning has begun.
        waitForLines(out, 2, child);
        Thread.sleep(random.nextInt(250));
        killedWhileScanning++;
      }
      child.destroyForcibly(); // SIGKILL on Linux
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
      reader.join();
      for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
        try {
          printed.add(UUID.fromString(line.strip()));
        } catch (IllegalArgumentException e) {
          // READY, or a line cut short by the kill: not a printed verdict
        }
      }
    }
    assertTrue(printed.size() >= KILLS / 2, "the child admitted cards before being killed: " + printed.size());
    assertEquals(KILLS / 2, killedWhileScanning);
    try (Ledger ledger = Ledger.open(db, Ledger.Mode.EXISTING)) {
      assertEquals(List.of("ok"), ledger.integrityCheck());
      Set<UUID> stored = new HashSet<>();
      long[] seq = ledger.read("read", c -> {
        long min = Long.MAX_VALUE;
        long max = 0;
        long count = 0;
        try (ResultSet rs = c.createStatement().executeQuery("SELECT id, seq FROM visit")) {
          while (rs.next()) {
            stored.add(UUID.fromString(rs.getString(1)));
            min = Math.min(min, rs.getLong(2));
            max = Math.max(max, rs.getLong(2));
            count++;
          }
        }
        return new long[] {min, max, count};
      });
      Set<UUID> missing = new HashSet<>(printed);
      missing.removeAll(stored);
      assertEquals(Set.of(), missing, "admissions printed but not in the ledger");
      assertEquals(1, seq[0]);
      assertEquals(seq[2], seq[1], "sequence numbers without gaps");
    }
  }

  private static List<String> command(Path db, Path scans) {
    return List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), db.toString(), scans.toString());
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) >= 0; ) {
        synchronized (out) {
          out.write(buf, 0, n);
        }
      }
    } catch (java.io.IOException e) {
      // the child was killed
    }
  }

  private static void waitForLines(ByteArrayOutputStream out, int lines, Process child) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && child.isAlive()) {
      synchronized (out) {
        if (out.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count() >= lines) {
          return;
        }
      }
      Thread.sleep(2);
    }
    throw new AssertionError("child never printed " + lines + " lines");
  }

  private static void waitFor(ByteArrayOutputStream out, String marker, Process child) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && child.isAlive()) {
      synchronized (out) {
        if (out.toString(StandardCharsets.UTF_8).contains(marker)) {
          return;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("child never became ready");
  }
}
