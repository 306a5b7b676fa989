package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real terminal whose SD card dies is enrolled again, as the same terminal, with a fresh ledger:
 * the admissions it made before still count against each child's quota.
 */
class ReEnrollTest {

  @TempDir
  Path dir;

  @Test
  void aTerminalEnrolledAgainOnANewCardStillCountsTheAdmissionsItMadeBefore() throws Exception {
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Nytt kort", 2, 2);
      String address = "http://127.0.0.1:" + server.port();
      String terminalId;
      try (TerminalFixture first = new TerminalFixture(Files.createDirectories(dir.resolve("first")), address,
          server.register(seeded.venueId(), "inngang"), SyncFaultTest.CLEAN, OfflinePolicy.off(), 1)) {
        terminalId = first.identity.terminalId();
        assertTrue(first.scan(seeded.credentials().get(0)).admitted());
        assertTrue(first.scan(seeded.credentials().get(0)).admitted());
        assertFalse(first.scan(seeded.credentials().get(0)).admitted(), "the quota of 2 is used");
        first.drain(10);
        assertEquals(0, first.loop.status().visitsWaiting());
      }
      // The card is gone; the administrator gives the terminal a new code, and a new card enrolls.
      String code = server.server.terminals.rotate(terminalId).enrollmentCode();
      try (TerminalFixture again = new TerminalFixture(Files.createDirectories(dir.resolve("again")), address, code,
          SyncFaultTest.CLEAN, OfflinePolicy.off(), 2)) {
        assertEquals(terminalId, again.identity.terminalId());
        Verdict used = again.scan(seeded.credentials().get(0));
        assertFalse(used.admitted(), "the quota counts the two admissions of the old card: " + used);
        assertTrue(again.scan(seeded.credentials().get(1)).admitted(), "another child is let in");
        assertEquals(3, new Outbox(again.ledger).lastSequence(), "numbered on from the old card's two");
        again.drain(10);
        // A later snapshot (a refused delta, a change of form) keeps counting them, and not twice
        // the admission this ledger made itself.
        server.server.terminals.setStaffed(terminalId, true);
        again.loop.pullSoon();
        again.loop.round();
        assertFalse(again.scan(seeded.credentials().get(0)).admitted());
        assertTrue(again.scan(seeded.credentials().get(1)).admitted(), "its own one admission counted once");
        assertFalse(again.scan(seeded.credentials().get(1)).admitted());
      }
    }
  }
  /**
   * Another terminal of the venue admits a child the re-enrolled one admitted before its new card:
   * the delta's count for that child must still hold the earlier admission (each count in a delta
   * replaces the ledger's), or the child's quota opens again.
   */
  @Test
  void anotherTerminalsAdmissionDoesNotTakeTheEarlierOnesOutOfTheCount() throws Exception {
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")))) {
      ServerFixture.Seeded seeded = server.seed("Delta", 2, 2);
      String address = "http://127.0.0.1:" + server.port();
      String child = seeded.credentials().get(0);
      try (TerminalFixture desk = new TerminalFixture(Files.createDirectories(dir.resolve("desk")), address,
          server.register(seeded.venueId(), "kasse"), SyncFaultTest.CLEAN, OfflinePolicy.off(), 3)) {
        String terminalId;
        try (TerminalFixture first = new TerminalFixture(Files.createDirectories(dir.resolve("first")), address,
            server.register(seeded.venueId(), "inngang"), SyncFaultTest.CLEAN, OfflinePolicy.off(), 1)) {
          terminalId = first.identity.terminalId();
          assertTrue(first.scan(child).admitted());
          first.drain(10);
        }
        String code = server.server.terminals.rotate(terminalId).enrollmentCode();
        try (TerminalFixture again = new TerminalFixture(Files.createDirectories(dir.resolve("again")), address, code,
            SyncFaultTest.CLEAN, OfflinePolicy.off(), 2)) {
          // The desk admits the child too: 2 of 2, and the entrance hears of it with its next delta.
          desk.loop.pullSoon();
          desk.loop.round();
          assertTrue(desk.scan(child).admitted(), "the second of two");
          desk.drain(10);
          again.loop.pullSoon();
          again.loop.round();
          Verdict third = again.scan(child);
          assertFalse(third.admitted(), "the quota of 2 is used: one here before the new card, one at the desk: "
              + third);
        }
      }
    }
  }
}
