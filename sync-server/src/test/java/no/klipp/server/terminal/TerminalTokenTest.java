package no.klipp.server.terminal;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.Server;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A verified terminal token is remembered for a moment, yet a revocation or rotation refuses the
 * next call at once, through this server instance or another one sharing the database.
 */
class TerminalTokenTest extends OnBothDatabases {

  World w;
  String cursor;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
    cursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
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
  void aTerminalRevokedThroughAnotherInstanceIsRefusedHereAtOnceAndItsUploadStoresNothing() {
    assertEquals(List.of(200, 200, 200), calls(w.terminal.token()));
    try (Server other = ts.anotherInstance()) {
      other.terminals.revoke(w.terminal.terminalId());
      assertEquals(403, statusThere(other), "the instance that revoked refuses at once");
    }
    // No time passes: this instance still remembers the token as verified, and refuses all the same.
    assertEquals(List.of(403, 403, 403), calls(w.terminal.token()));
    Client.Response upload = c.post(ApiPaths.VISITS, w.terminal.token(),
        new VisitBatch(w.terminal.terminalId(), List.of(visit(1)), null));
    assertEquals(403, upload.status());
    assertEquals("terminal_revoked", upload.tree().get("code").asText());
    assertEquals(0, storedVisits(), "a refused upload stores nothing");
  }

  @Test
  void aTokenRotatedThroughAnotherInstanceIsRefusedHereAtOnceAndTheNewOneWorks() {
    assertEquals(List.of(200, 200, 200), calls(w.terminal.token()));
    String newToken;
    try (Server other = ts.anotherInstance()) {
      String code = other.terminals.rotate(w.terminal.terminalId()).enrollmentCode();
      assertEquals(List.of(401, 401, 401), calls(w.terminal.token()), "while waiting for the new code");
      newToken = other.terminals.enroll(new EnrollRequest(code, "t2")).token();
    }
    assertEquals(List.of(401, 401, 401), calls(w.terminal.token()), "the old token, once the new one is out");
    assertEquals(List.of(200, 200, 200), calls(newToken));
    assertEquals(200, c.post(ApiPaths.VISITS, newToken,
        new VisitBatch(w.terminal.terminalId(), List.of(visit(1)), null)).status());
    assertEquals(1, storedVisits());
  }

  private Visit visit(long sequence) {
    return new Visit(UUID.randomUUID(), sequence, VisitKind.ADMISSION, null, w.cards.getFirst(), 1, w.offerId,
        w.venueId, w.terminal.terminalId(), TestServer.START, 0, Set.of());
  }

  private long storedVisits() {
    return ts.testDb.db.read(sql -> sql.one("SELECT COUNT(*) AS n FROM visit", r -> r.longValue("n")).orElseThrow());
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
