package no.klipp.server.visit;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An upload that asks for the ledger changes too: a terminal's sync round in one request. */
class UploadWithDeltaTest extends OnBothDatabases {

  World w;
  EnrollResponse other;
  String cursor;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Kragerø");
    other = w.enroll(w.venueId, "Kasse 2");
    cursor = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class).cursor();
  }

  Visit admission(EnrollResponse t, long seq, String card) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, card, 1, w.offerId, t.venueId(),
        t.terminalId(), TestServer.START.plusSeconds(seq), 0, Set.of());
  }

  Client.Response upload(EnrollResponse t, String query, List<Visit> visits, TerminalReport report) {
    return c.post(ApiPaths.VISITS + query, t.token(), new VisitBatch(t.terminalId(), visits, report));
  }

  static VisitBatchAck acked(Client.Response r) {
    ok(r, 200);
    return r.as(VisitBatchAck.class);
  }

  @Test
  void theAckCarriesTheChangesADeltaAskedRightAfterWouldGive() {
    String newCard = ok(c.post("/api/v1/schemes/" + w.scheme.id() + "/cards", w.admin,
        Map.of("firstName", "Emil", "birthYear", 2012)), 201).get("card").get("cardNumber").asText();
    ok(upload(other, "", List.of(admission(other, 1, w.cards.get(0))), null), 200);
    ts.clock.advance(Duration.ofSeconds(5));

    VisitBatchAck ack = acked(upload(w.terminal, "?since=" + cursor,
        List.of(admission(w.terminal, 1, w.cards.get(2))), null));

    assertEquals(AckStatus.STORED, ack.items().getFirst().status());
    LedgerDelta delta = ack.delta();
    assertNotNull(delta, "the changes asked for");
    assertNull(ack.deltaRefused());
    assertEquals(cursor, delta.since());
    assertEquals(List.of(new UsageCount(w.cards.get(0), w.offerId, "2026", 1)), delta.usage(),
        "the other terminal's visit; the asking terminal's own, stored by this very upload, is left out");
    assertTrue(delta.cards().stream().anyMatch(r -> r.cardNumber().equals(newCard)));
    LedgerDelta asked = c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, w.terminal.token()).as(LedgerDelta.class);
    assertEquals(asked.usage(), delta.usage());
    assertEquals(asked.cards(), delta.cards());
    assertEquals(asked.cursor(), delta.cursor(), "nothing changed in between, so the same cursor");
  }

  @Test
  void anIdleReportCarriesTheChangesToo() {
    ok(upload(other, "", List.of(admission(other, 1, w.cards.get(1))), null), 200);
    ts.clock.advance(Duration.ofSeconds(5));

    VisitBatchAck ack = acked(upload(w.terminal, "?since=" + cursor + "&" + ApiPaths.OWN_VISITS_BEFORE + "=now",
        List.of(), new TerminalReport("test", 0, 0L, 0L)));

    assertEquals(List.of(), ack.items());
    assertEquals(List.of(new UsageCount(w.cards.get(1), w.offerId, "2026", 1)), ack.delta().usage());
  }

  @Test
  void theVisitsAreStoredWhenTheCursorIsRefused() {
    Visit v = admission(w.terminal, 1, w.cards.get(0));

    VisitBatchAck ack = acked(upload(w.terminal, "?since=yesterday", List.of(v), null));

    assertEquals(AckStatus.STORED, ack.items().getFirst().status());
    assertNull(ack.delta());
    assertEquals("bad_cursor", ack.deltaRefused().code());
    assertEquals(AckStatus.DUPLICATE, acked(upload(w.terminal, "", List.of(v), null))
        .items().getFirst().status(), "stored once, whatever became of the delta");
  }

  @Test
  void aMalformedAskIsRefusedBeforeAnythingIsStored() {
    Visit v = admission(w.terminal, 1, w.cards.get(0));

    Client.Response r = upload(w.terminal, "?since=" + cursor + "&" + ApiPaths.OWN_VISITS_BEFORE + "=soon", List.of(v),
        null);

    assertEquals(400, r.status(), r::toString);
    assertEquals("invalid", r.tree().get("code").asText());
    assertEquals(AckStatus.STORED, acked(upload(w.terminal, "", List.of(v), null))
        .items().getFirst().status(), "nothing of the refused upload was stored");
  }

  @Test
  void anUploadWithoutACursorIsAnsweredAsBefore() {
    Client.Response r = upload(w.terminal, "", List.of(admission(w.terminal, 1, w.cards.get(0))), null);
    ok(r, 200);

    assertFalse(r.tree().has("delta"), r::toString);
    assertFalse(r.tree().has("deltaRefused"), r::toString);
  }
}
