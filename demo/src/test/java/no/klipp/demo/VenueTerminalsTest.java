package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.Reason;
import no.klipp.terminal.validation.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two terminals at one venue, each behind its own network: online their usage counts converge;
 * offline both may admit the same card, at most as often as the offline policy allows, and the
 * server flags the visits beyond the quota as offline conflicts.
 */
class VenueTerminalsTest {

  @TempDir
  Path dir;

  @Test
  void countsConvergeAndOfflineAdmissionsAreBoundedAndFlagged() throws Exception {
    // Quota 3 a year; offline (here: any time after the last sync) at most 2 admissions per card.
    OfflinePolicy offline = new OfflinePolicy(true, Duration.ZERO, 2);
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Venue", 4, 3);
      String codeA = server.register(seeded.venueId(), "entrance A");
      String codeB = server.register(seeded.venueId(), "entrance B");
      try (FaultProxy netA = FaultProxy.clean(server.port());
          FaultProxy netB = FaultProxy.clean(server.port());
          TerminalFixture a = new TerminalFixture(Files.createDirectories(dir.resolve("a")),
              "http://127.0.0.1:" + netA.port(), codeA, SyncFaultTest.CLEAN, offline, 1);
          TerminalFixture b = new TerminalFixture(Files.createDirectories(dir.resolve("b")),
              "http://127.0.0.1:" + netB.port(), codeB, SyncFaultTest.CLEAN, offline, 2)) {
        String card0 = seeded.credentials().get(0);

        // Online: each terminal learns the other's visits from the server.
        assertEquals(2, admitted(a.scan(card0)).visitsLeft());
        sync(a, b);
        assertEquals(1, admitted(b.scan(card0)).visitsLeft(), "B counts A's visit");
        sync(a, b);
        assertEquals(0, admitted(a.scan(card0)).visitsLeft(), "A counts B's visit");
        sync(a, b);
        assertEquals(Reason.QUOTA_USED, b.scan(card0).reason(), "converged: B refuses the 4th visit");
        assertEquals(Reason.QUOTA_USED, a.scan(card0).reason(), "converged: A refuses the 4th visit");

        // Offline: both admit card 1, each at most twice.
        netA.down(true);
        netB.down(true);
        String card1 = seeded.credentials().get(1);
        List<Verdict> offlineA = scans(a, card1, 3);
        List<Verdict> offlineB = scans(b, card1, 3);
        assertEquals(List.of(true, true, false), offlineA.stream().map(Verdict::admitted).toList());
        assertEquals(List.of(true, true, false), offlineB.stream().map(Verdict::admitted).toList());
        a.loop.round();
        assertFalse(a.loop.status().online());

        netA.down(false);
        netB.down(false);
        sync(a, b);
        sync(a, b);

        String number1 = seeded.numbers().get(1);
        List<ServerFixture.Stored> visits = server.visits();
        long card1Visits = visits.stream().filter(v -> cardOf(server, v).equals(number1)).count();
        long conflicts = visits.stream().filter(v -> v.flags().contains("OFFLINE_CONFLICT")).count();
        System.out.printf("[fault-test] two terminals offline: card admitted %d times against a quota of 3; "
            + "server flagged %d as OFFLINE_CONFLICT%n", card1Visits, conflicts);
        assertEquals(4, card1Visits, "every offline visit reached the server");
        assertEquals(1, conflicts, "the one visit beyond the quota is flagged");
        assertEquals(Reason.QUOTA_USED, a.scan(card1).reason(), "after sync A knows the card is used up");
        assertEquals(Reason.QUOTA_USED, b.scan(card1).reason(), "after sync B knows the card is used up");

        List<String> made = new ArrayList<>(a.recorded());
        made.addAll(b.recorded());
        Tally.of("two terminals at one venue, online and offline", made, visits).printAndCheck();
      }
    }
  }

  private static String cardOf(ServerFixture server, ServerFixture.Stored v) {
    return server.cardOf(v.id());
  }

  private static Verdict admitted(Verdict v) {
    assertTrue(v.admitted(), v.toString());
    return v;
  }

  private static List<Verdict> scans(TerminalFixture t, String card, int n) throws InterruptedException {
    List<Verdict> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(t.scan(card));
      Thread.sleep(3); // a new visit, not a repeat of the same instant
    }
    return out;
  }

  /** Two passes: every terminal uploads, then every terminal pulls what the others uploaded. */
  private static void sync(TerminalFixture... terminals) {
    for (int pass = 0; pass < 2; pass++) {
      for (TerminalFixture t : terminals) {
        t.loop.pullSoon();
        t.loop.round();
        assertTrue(t.loop.status().online(), t.loop.status().toString());
      }
    }
  }
}
