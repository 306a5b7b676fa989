package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A terminal whose clock is an hour slow learns it from the server, flags its visits, and the server keeps both times. */
class ClockTest {

  @TempDir
  Path dir;

  @Test
  void slowClockIsMeasuredAndItsVisitsFlagged() throws Exception {
    Clock slow = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server")));
        FaultProxy net = FaultProxy.clean(server.port())) {
      ServerFixture.Seeded seeded = server.seed("Clock", 2, null);
      String code = server.register(seeded.venueId(), "entrance");
      try (TerminalFixture t = new TerminalFixture(Files.createDirectories(dir.resolve("t")),
          "http://127.0.0.1:" + net.port(), code, SyncFaultTest.CLEAN, OfflinePolicy.off(), 5, slow)) {
        long offset = t.loop.status().clockOffsetMillis();
        assertTrue(Math.abs(offset - Duration.ofHours(1).toMillis()) < 5_000, "offset " + offset + " ms");

        Verdict v = t.scan(seeded.credentials().get(0));
        assertTrue(v.admitted());
        assertTrue(v.flags().contains(VisitFlag.CLOCK_UNVERIFIED), "flags " + v.flags());
        t.drain(5);

        List<ServerFixture.Stored> stored = server.visits();
        assertEquals(1, stored.size());
        ServerFixture.Stored s = stored.getFirst();
        assertTrue(s.flags().contains("CLOCK_UNVERIFIED"), s.flags());
        // The terminal ran its time on from the server's (the mark), so both times are close; the
        // server kept its own receive time beside the terminal's.
        assertTrue(Math.abs(s.receivedAt() - s.terminalTime()) < 60_000, s.toString());
        assertFalse(t.loop.status().clockOffset().isEmpty());
        System.out.printf("[fault-test] clock 1 h slow: offset measured %d ms, visit flagged %s%n", offset, s.flags());
      }
    }
  }
}
