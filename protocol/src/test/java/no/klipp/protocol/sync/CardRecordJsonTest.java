package no.klipp.protocol.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A card without a first name (sent to a terminal that is not a staffed desk) crosses the wire both ways. */
class CardRecordJsonTest {

  private final ObjectMapper json = Json.mapper();
  private final CardRecord nameless = new CardRecord("1234567890", 0, null, LocalDate.of(2026, 1, 1),
      LocalDate.of(2026, 12, 31), 2015, null, CardStatus.ACTIVE, List.of());

  @Test
  void aMissingNameIsWrittenAsNullAndReadBackAsNull() throws Exception {
    String text = json.writeValueAsString(nameless);
    assertTrue(text.contains("\"firstName\":null"), text);
    assertEquals(nameless, json.readValue(text, CardRecord.class));
  }

  @Test
  void aCardWithoutTheFieldReadsAsNameless() throws Exception {
    CardRecord read = json.readValue("{\"cardNumber\":\"1234567890\",\"credentialSerial\":0,"
        + "\"validFrom\":\"2026-01-01\",\"validUntil\":\"2026-12-31\",\"birthYear\":2015,\"status\":\"ACTIVE\"}",
        CardRecord.class);
    assertNull(read.firstName());
    assertEquals(2015, read.birthYear());
  }
}
