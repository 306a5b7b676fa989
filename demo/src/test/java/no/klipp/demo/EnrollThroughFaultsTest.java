package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import no.klipp.terminal.validation.OfflinePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer's worst moment: the server enrolls the terminal, and its answer is lost on the
 * way (or cut off). The terminal asks again as the same installation and is enrolled, once.
 */
class EnrollThroughFaultsTest {

  @TempDir Path dir;

  @Test
  void aLostOrCutEnrollmentAnswerDoesNotBurnTheCode() throws Exception {
    for (Fault lost : new Fault[] {Fault.DROP_RESPONSE, Fault.RESET_AFTER, Fault.TRUNCATE}) {
      try (ServerFixture server = new ServerFixture(Files.createDirectories(dir.resolve("server-" + lost)))) {
        ServerFixture.Seeded seeded = server.seed("Venue", 3, 3);
        String code = server.register(seeded.venueId(), "entrance");
        AtomicInteger exchanges = new AtomicInteger();
        try (FaultProxy net = new FaultProxy(server.port(),
                () -> exchanges.incrementAndGet() == 1 ? lost : Fault.NONE, Duration.ZERO, new java.util.Random(1));
            TerminalFixture t = new TerminalFixture(Files.createDirectories(dir.resolve("t-" + lost)),
                "http://127.0.0.1:" + net.port(), code, SyncFaultTest.CLEAN, OfflinePolicy.off(), 3)) {
          assertEquals(1L, net.counts().get(lost), lost + ": the first answer was lost");
          assertTrue(t.ledger.meta("cursor").isPresent(), lost + ": the new token loads the ledger");
          assertEquals(1, server.server.terminals.ofVenue(seeded.venueId()).size(), lost + ": one terminal");
        }
      }
    }
  }
}
