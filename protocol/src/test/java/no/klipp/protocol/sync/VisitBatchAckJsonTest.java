package no.klipp.protocol.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An acknowledgement with the ledger changes an upload asked for, and without them as before. */
class VisitBatchAckJsonTest {

  private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  private final ObjectMapper json = Json.mapper();
  private final VisitBatchAck plain = new VisitBatchAck(NOW,
      List.of(new VisitAck(UUID.fromString("0194f1c0-0000-7000-8000-000000000001"), AckStatus.STORED, null, Set.of())),
      List.of(new SequenceGap(4, 6)));

  @Test
  void anAckNotAskedForChangesLeavesBothFieldsOut() throws Exception {
    String text = json.writeValueAsString(plain);
    assertFalse(text.contains("delta"), text);
    assertEquals(plain, json.readValue(text, VisitBatchAck.class));
  }

  @Test
  void theDeltaOrWhyItWasRefusedCrossTheWire() throws Exception {
    LedgerDelta delta = new LedgerDelta("c-1", "c-2", NOW, null, null, null, null, null, null,
        List.of(new UsageCount("1234567897", "o-1", "2026", 2)));
    VisitBatchAck withDelta = plain.withDelta(delta);
    assertEquals(withDelta, json.readValue(json.writeValueAsString(withDelta), VisitBatchAck.class));
    assertEquals(plain.items(), withDelta.items());

    VisitBatchAck refused = plain.withDeltaRefused(new ErrorBody("snapshot_required", "load a snapshot", NOW));
    VisitBatchAck read = json.readValue(json.writeValueAsString(refused), VisitBatchAck.class);
    assertNull(read.delta());
    assertEquals("snapshot_required", read.deltaRefused().code());
  }

  @Test
  void anAckFromAServerBeforeTheDeltaReadsWithout() throws Exception {
    VisitBatchAck read = json.readValue("{\"serverTime\":\"2026-11-22T09:00:00Z\",\"items\":[],\"gaps\":[]}",
        VisitBatchAck.class);
    assertNull(read.delta());
    assertNull(read.deltaRefused());
  }

  @Test
  void anAckCannotCarryBothTheDeltaAndItsRefusal() {
    LedgerDelta delta = new LedgerDelta("c-1", "c-2", NOW, null, null, null, null, null, null, null);
    assertThrows(IllegalArgumentException.class, () -> new VisitBatchAck(NOW, List.of(), List.of(), delta,
        new ErrorBody("x", "y", NOW)));
  }
}
