package no.klipp.server.visit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import org.junit.jupiter.api.Test;

/** The streaming reader reads exactly what the mapper reads, or declines and leaves the batch to it. */
class BatchReaderTest {

  static final ObjectMapper MAPPER = Json.mapper();

  static VisitBatch mapped(String json) throws Exception {
    return MAPPER.readValue(json, VisitBatch.class);
  }

  static VisitBatch streamed(String json) {
    return BatchReader.read(MAPPER, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsWhatTerminalsSendExactlyAsTheMapperDoes() throws Exception {
    Random random = new Random(7);
    List<Visit> visits = new ArrayList<>();
    VisitKind[] kinds = VisitKind.values();
    VisitFlag[] flags = VisitFlag.values();
    for (int i = 0; i < 500; i++) {
      VisitKind kind = kinds[random.nextInt(kinds.length)];
      Set<VisitFlag> set = new java.util.HashSet<>();
      for (int f = random.nextInt(3); f > 0; f--) {
        set.add(flags[random.nextInt(flags.length)]);
      }
      Instant at = Instant.parse("2026-03-01T10:00:00Z").plusMillis(random.nextLong(1_000_000_000L))
          .plusNanos(random.nextBoolean() ? 0 : random.nextInt(1_000_000));
      visits.add(new Visit(UUID.randomUUID(), 1 + random.nextLong(1L << 40), kind,
          kind == VisitKind.ADMISSION ? null : UUID.randomUUID(), random.nextBoolean() ? "1234567897" : null,
          random.nextInt(5), "off_" + i, random.nextBoolean() ? "ven_1" : null, "trm_\"æ\\" + i, at,
          random.nextInt(21) - 1, set));
    }
    String json = MAPPER.writeValueAsString(new VisitBatch("trm_1", visits,
        new TerminalReport("1.2.3", 4, -1500L)));
    VisitBatch streamed = streamed(json);
    assertNotNull(streamed, "the plain form is read");
    assertEquals(mapped(json), streamed);
    assertEquals(visits, streamed.visits());
  }

  @Test
  void missingNullableFieldsAndUnknownFieldsAreReadAsTheMapperReadsThem() throws Exception {
    String id = UUID.randomUUID().toString();
    String json = """
        {"future": {"a": [1, 2]}, "report": null, "visits": [
          {"id": "%s", "sequence": 3, "kind": "ADMISSION", "credentialSerial": 1, "companions": 0,
           "extra": [{"x": null}], "terminalTime": "2026-01-02T03:04:05.123456789Z", "flags": null}
        ]}""".formatted(id);
    VisitBatch streamed = streamed(json);
    assertNotNull(streamed);
    assertEquals(mapped(json), streamed);
    assertEquals(Set.of(), streamed.visits().getFirst().flags());
  }

  @Test
  void readsEveryLengthOfFractionAndDeclinesImpossibleTimes() throws Exception {
    String visit = "{\"visits\": [{\"id\": \"%s\", \"sequence\": 1, \"kind\": \"ADMISSION\","
        + " \"credentialSerial\": 1, \"companions\": 0, \"terminalTime\": \"%s\"}]}";
    for (String time : List.of("2026-01-01T00:00:00Z", "2026-12-31T23:59:59.9Z", "2026-06-15T12:30:45.12Z",
        "2000-02-29T01:02:03.1234Z", "2099-07-04T05:06:07.1234567Z", "2026-01-01T00:00:00.000000001Z",
        "0000-01-01T00:00:00Z")) {
      String json = visit.formatted(UUID.randomUUID(), time);
      VisitBatch streamed = streamed(json);
      assertNotNull(streamed, time);
      assertEquals(mapped(json), streamed, time);
      assertEquals(Instant.parse(time), streamed.visits().getFirst().terminalTime());
    }
    for (String time : List.of("2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-12-31T23:59:60Z", "2026-01-01T00:00:00.1234567890Z", "2026-01-01 00:00:00Z")) {
      assertNull(streamed(visit.formatted(UUID.randomUUID(), time)), time);
    }
  }

  @Test
  void declinesEverythingOutsideThePlainForm() {
    String id = UUID.randomUUID().toString();
    String visit = "{\"id\": \"%s\", \"sequence\": 1, \"kind\": \"ADMISSION\", \"credentialSerial\": 1,"
        + " \"companions\": 0, \"terminalTime\": %s}";
    for (String json : List.of(
        "not json",
        "[]",
        "{\"terminalId\": \"t\"}",
        "{\"visits\": null}",
        "{\"visits\": [null]}",
        "{\"visits\": [], \"visits\": []}",
        "{\"visits\": []} trailing",
        "{\"terminalId\": 5, \"visits\": []}",
        "{\"visits\": [" + visit.formatted(id, "\"2026-01-01T00:00:00+01:00\"") + "]}",
        "{\"visits\": [" + visit.formatted(id, "1767225600") + "]}",
        "{\"visits\": [" + visit.formatted(id, "\" 2026-01-01T00:00:00Z\"") + "]}",
        "{\"visits\": [" + visit.formatted(id, "\"2026-01-01T00:00:00.Z\"") + "]}",
        "{\"visits\": [" + visit.formatted("1-2-3-4-5", "null") + "]}",
        "{\"visits\": [" + visit.formatted(id, "null").replace("\"ADMISSION\"", "\"admission\"") + "]}",
        "{\"visits\": [" + visit.formatted(id, "null").replace("\"sequence\": 1", "\"sequence\": \"1\"") + "]}",
        "{\"visits\": [" + visit.formatted(id, "null").replace("\"sequence\": 1", "\"sequence\": 1.0") + "]}",
        "{\"visits\": [" + visit.formatted(id, "null").replace("\"companions\": 0", "\"companions\": null") + "]}",
        "{\"visits\": [" + visit.formatted(id, "null").replace(", \"companions\": 0", "") + "]}",
        "{\"visits\": [" + visit.formatted(id, "null").replace("}", ", \"flags\": [\"NOPE\"]}") + "]}",
        "{\"visits\": [" + visit.formatted(id, "null").replace("}", ", \"kind\": \"VOID\"}") + "]}")) {
      assertNull(streamed(json), json);
    }
  }
}
