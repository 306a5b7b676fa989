package no.klipp.terminal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Meta;
import no.klipp.terminal.ledger.SnapshotImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger loaded by software older than the staffed flag keeps syncing by deltas, which never
 * carry the flag: its next download is a snapshot, once, and a server too old to say is not asked again.
 */
class OlderLedgerTest {

  private static final Instant NOW = Instant.parse("2026-05-05T10:00:00Z");

  @TempDir Path dir;

  /** Rounds against a server answering snapshots with {@code staffed}: which ledger calls each round made. */
  private List<String> rounds(Ledger ledger, Boolean staffed, int count) throws Exception {
    try (FakeServer server = FakeServer.started()) {
      String ack = Json.mapper().writeValueAsString(new VisitBatchAck(NOW, List.of(), List.of()));
      String delta = Json.mapper().writeValueAsString(new LedgerDelta("c", "c", NOW, null, null, null, null, null,
          null, null));
      String snap = Json.mapper().writeValueAsString(Fixtures.cinema(staffed));
      server.route(ApiPaths.VISITS, req -> FakeServer.Answer.json(ack));
      server.route(ApiPaths.LEDGER_SNAPSHOT, req -> FakeServer.Answer.json(snap));
      server.route(ApiPaths.LEDGER_DELTA, req -> FakeServer.Answer.json(delta));
      TerminalIdentity id = new TerminalIdentity(server.url().toString(), "t-1", Fixtures.VENUE, "Pool", "tok");
      SyncConfig config = new SyncConfig(3, Duration.ofMinutes(3), Duration.ofSeconds(10), Duration.ofSeconds(1),
          Duration.ofMinutes(5), Duration.ZERO, "test-1");
      FakeClock clock = new FakeClock(NOW);
      SyncLoop loop = TerminalSync.loop(ledger, id, config, clock, new Random(7), t -> { });
      for (int i = 0; i < count; i++) {
        loop.pullSoon();
        loop.round();
      }
      return server.seen.stream().map(FakeServer.Seen::path).filter(p -> !p.equals(ApiPaths.VISITS)).toList();
    }
  }

  private Ledger olderLedger() {
    Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE);
    new SnapshotImport(ledger).replace(Fixtures.cinema(null), NOW);
    ledger.write("forget the flag, as older software never wrote it", c -> {
      c.createStatement().executeUpdate("DELETE FROM meta WHERE key = '" + Meta.STAFFED + "'");
      return null;
    });
    return ledger;
  }

  @Test
  void anOlderLedgerTakesOneSnapshotAndThenItsFlagHolds() throws Exception {
    try (Ledger ledger = olderLedger()) {
      assertEquals(Optional.empty(), ledger.meta(Meta.STAFFED));
      assertEquals(List.of(ApiPaths.LEDGER_SNAPSHOT, ApiPaths.LEDGER_DELTA), rounds(ledger, false, 2));
      assertEquals(Optional.of("false"), ledger.meta(Meta.STAFFED));
    }
  }

  @Test
  void aServerTooOldToSayIsNotAskedForASnapshotEveryRound() throws Exception {
    try (Ledger ledger = olderLedger()) {
      assertEquals(List.of(ApiPaths.LEDGER_SNAPSHOT, ApiPaths.LEDGER_DELTA, ApiPaths.LEDGER_DELTA),
          rounds(ledger, null, 3));
      assertEquals(Optional.of(Meta.STAFFED_UNKNOWN), ledger.meta(Meta.STAFFED));
    }
  }
}
