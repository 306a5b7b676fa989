package no.klipp.server.terminal;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.server.Server;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Terminal tokens are trusted for a moment after they are verified, but never past a revocation here. */
@ParameterizedClass
@EnumSource(Dialect.class)
class TerminalTokenTest {

  @Parameter
  Dialect dialect;

  TestServer ts;
  World w;
  Client c;
  String cursor;

  @BeforeEach
  void setUp() {
    ts = new TestServer(dialect);
    w = new World(ts, "Kragerø");
    c = ts.client;
    cursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
  }

  @AfterEach
  void tearDown() {
    if (ts != null) {
      ts.close();
    }
  }

  /** The status of each terminal call with {@code token}: upload, delta, snapshot. */
  List<Integer> calls(String token) {
    return List.of(
        c.post(ApiPaths.VISITS, token, new VisitBatch(w.terminal.terminalId(), List.of(), null)).status(),
        c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, token).status(),
        c.get(ApiPaths.LEDGER_SNAPSHOT, token).status());
  }

  @Test
  void aTerminalRevokedHereIsRefusedAtOnceThoughItsTokenWasJustVerified() {
    assertEquals(List.of(200, 200, 200), calls(w.terminal.token()));
    ok(c.post("/api/v1/terminals/" + w.terminal.terminalId() + "/revoke", w.admin, null), 200);
    assertEquals(List.of(403, 403, 403), calls(w.terminal.token()));
  }

  @Test
  void aTokenRotatedHereIsRefusedAtOnce() {
    assertEquals(List.of(200, 200, 200), calls(w.terminal.token()));
    ok(c.post("/api/v1/terminals/" + w.terminal.terminalId() + "/rotate", w.admin, null), 200);
    assertEquals(List.of(401, 401, 401), calls(w.terminal.token()));
  }

  @Test
  void aTerminalRevokedThroughAnotherInstanceIsRefusedHereWithinTheTrustTime() {
    assertEquals(List.of(200, 200, 200), calls(w.terminal.token()));
    try (Server other = ts.anotherInstance()) {
      other.terminals.revoke(w.terminal.terminalId());
      assertEquals(403, statusThere(other), "the instance that revoked refuses at once");
    }
    ts.clock.advance(TerminalService.TOKEN_TRUST);
    assertEquals(List.of(403, 403, 403), calls(w.terminal.token()));
  }

  private int statusThere(Server other) {
    try {
      other.terminals.authenticate(w.terminal.token());
      return 200;
    } catch (no.klipp.server.web.ApiException e) {
      return e.status();
    }
  }

  @Test
  void anUnknownTokenIsRefusedEveryTime() {
    assertEquals(List.of(401, 401, 401), calls("not-a-token"));
    assertEquals(List.of(401, 401, 401), calls("not-a-token"));
  }
}
