package no.klipp.server.ledger;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollResponse;
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

/**
 * Holders' first names reach only staffed terminals: an unattended entrance of the same venue gets
 * every card, with its birth year, and no name, in its snapshot and in every delta.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class StaffedLedgerTest {

  @Parameter
  Dialect dialect;

  TestServer ts;
  World w;
  Client c;
  /** The world's till: staffed. */
  EnrollResponse desk;
  EnrollResponse entrance;

  @BeforeEach
  void setUp() {
    ts = new TestServer(dialect);
    w = new World(ts, "Tynset");
    c = ts.client;
    desk = w.terminal;
    entrance = w.enroll(w.venueId, "Inngang", false);
  }

  @AfterEach
  void tearDown() {
    if (ts != null) {
      ts.close();
    }
  }

  @Test
  void anUnstaffedTerminalsSnapshotHoldsNoNameWhileTheStaffedOneOfTheVenueGetsThem() {
    JsonNode staffed = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, desk.token()), 200);
    assertEquals(List.of("Ada", "Kari", "Ola"), names(staffed.get("cards")).stream().sorted().toList());

    Client.Response r = c.get(ApiPaths.LEDGER_SNAPSHOT, entrance.token());
    JsonNode unstaffed = ok(r, 200);
    assertEquals(3, unstaffed.get("cards").size());
    assertNamesAreNull(unstaffed.get("cards"));
    assertEquals(birthYears(staffed.get("cards")), birthYears(unstaffed.get("cards")), "the age rule still has them");
    assertFalse(r.text().contains("\"firstName\":\""), "no name anywhere in the answer");
  }

  @Test
  void anUnstaffedTerminalsDeltaHoldsNoNameWhileTheStaffedOneOfTheVenueGetsIt() {
    String deskCursor = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, desk.token()), 200).get("cursor").asText();
    String entranceCursor = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, entrance.token()), 200).get("cursor").asText();
    ok(c.post("/api/v1/schemes/" + w.scheme.id() + "/cards", w.admin, Map.of("firstName", "Solveig",
        "birthYear", 2013)), 201);
    // A changed card is sent again, whole: without the name to the entrance too.
    ok(c.post("/api/v1/cards/" + w.cards.getFirst() + "/replace", w.admin, null), 200);

    JsonNode staffed = ok(c.get(ApiPaths.LEDGER_DELTA + "?since=" + deskCursor, desk.token()), 200);
    assertEquals(List.of("Ada", "Solveig"), names(staffed.get("cards")).stream().sorted().toList());

    Client.Response r = c.get(ApiPaths.LEDGER_DELTA + "?since=" + entranceCursor, entrance.token());
    JsonNode unstaffed = ok(r, 200);
    assertEquals(2, unstaffed.get("cards").size());
    assertNamesAreNull(unstaffed.get("cards"));
    assertFalse(r.text().contains("Solveig"), r.text());
  }

  private static List<String> names(JsonNode cards) {
    List<String> out = new ArrayList<>();
    cards.forEach(card -> out.add(card.get("firstName").asText()));
    return out;
  }

  private static List<Integer> birthYears(JsonNode cards) {
    List<Integer> out = new ArrayList<>();
    cards.forEach(card -> out.add(card.get("birthYear").asInt()));
    return out;
  }

  /** Each card says firstName: null (the field is there, so a terminal reading it knows it is empty). */
  private static void assertNamesAreNull(JsonNode cards) {
    cards.forEach(card -> assertTrue(card.has("firstName") && card.get("firstName").isNull(), card.toString()));
  }
}
