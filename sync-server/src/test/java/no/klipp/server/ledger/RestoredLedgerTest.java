package no.klipp.server.ledger;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Revocation;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database restored from a backup numbers its changes again from where the backup stood. A
 * terminal that synced after the backup holds a cursor naming numbers the restored database gives
 * to other changes: asked for the changes after it, the server would leave those out (a card
 * revoked again after the restore, say, would be admitted for ever). The restore starts a new
 * generation, and the server refuses a cursor of another one: the terminal loads a snapshot.
 */
class RestoredLedgerTest extends OnBothDatabases {

  World w;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Bø");
  }

  private String snapshotCursor() {
    return ok(c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()), 200).get("cursor").asText();
  }

  private Client.Response delta(String cursor) {
    return c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, w.terminal.token());
  }

  private void revoke(String card) {
    ok(c.post("/api/v1/cards/" + card + "/revoke", w.admin, null), 200);
  }

  /**
   * The change numbers of a database restored from a backup taken at change {@code backupAt}, and
   * the generation restore.sh starts in it (the rows of later changes stay: only the numbering matters here).
   */
  private void restoredFromBackupAt(long backupAt, long generation) {
    ts.testDb.db.transaction(sql -> {
      sql.update("UPDATE change_counter SET value = ? WHERE id = 1", backupAt);
      ChangeCounter.startGeneration(sql, generation);
      return null;
    });
  }

  @Test
  void aCursorFromBeforeTheRestoreIsRefusedAndASnapshotHoldsWhatChangedSince() {
    String backupCursor = snapshotCursor();
    assertTrue(backupCursor.matches("c\\d+\\.t\\d+"), "the first generation's cursor, as terminals hold it: "
        + backupCursor);
    long backupAt = Cursor.parse(backupCursor).orElseThrow().change();
    revoke(w.cards.get(0));
    String held = delta(backupCursor).as(LedgerDelta.class).cursor();

    restoredFromBackupAt(backupAt, 4242);
    // The revocation after the backup is lost with it, and made again: it takes the number the
    // terminal's cursor already names.
    revoke(w.cards.get(1));

    Client.Response refused = delta(held);
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("bad_cursor", refused.tree().get("code").asText());
    assertTrue(refused.tree().get("message").asText().contains("restored from a backup"), refused::toString);

    LedgerSnapshot fresh = c.get(ApiPaths.LEDGER_SNAPSHOT, w.terminal.token()).as(LedgerSnapshot.class);
    assertTrue(fresh.revocations().stream().map(Revocation::cardNumber).toList().contains(w.cards.get(1)),
        "the revocation made after the restore");
    assertTrue(fresh.cursor().endsWith(".g4242"), fresh.cursor());
    revoke(w.cards.get(2));
    Client.Response after = delta(fresh.cursor());
    ok(after, 200);
    LedgerDelta next = after.as(LedgerDelta.class);
    assertEquals(List.of(w.cards.get(2)), next.revocations().stream().map(Revocation::cardNumber).toList(),
        "the new generation's cursors work as before");
  }

  @Test
  void anUploadAskingAfterAnOldGenerationsCursorStoresItsVisitsAndIsToldToTakeASnapshot() {
    String cursor = snapshotCursor();
    restoredFromBackupAt(Cursor.parse(cursor).orElseThrow().change(), 77);
    Visit v = new Visit(UUID.randomUUID(), 1, VisitKind.ADMISSION, null, w.cards.get(0), 1, w.offerId, w.venueId,
        w.terminal.terminalId(), ts.clock.instant().minusSeconds(30), 0, Set.of());

    Client.Response r = c.post(ApiPaths.VISITS + "?since=" + cursor, w.terminal.token(),
        new VisitBatch(w.terminal.terminalId(), List.of(v), null));

    ok(r, 200);
    VisitBatchAck ack = r.as(VisitBatchAck.class);
    assertEquals(AckStatus.STORED, ack.items().getFirst().status());
    assertNull(ack.delta());
    assertEquals("bad_cursor", ack.deltaRefused().code());
  }

  @Test
  void aGenerationIsAboveZero() {
    for (long bad : new long[] {0, -1}) {
      assertThrows(IllegalArgumentException.class,
          () -> ts.testDb.db.transaction(sql -> {
            ChangeCounter.startGeneration(sql, bad);
            return null;
          }));
    }
    assertEquals(0, ts.testDb.db.read(ChangeCounter::position).generation(), "unchanged");
  }
}
