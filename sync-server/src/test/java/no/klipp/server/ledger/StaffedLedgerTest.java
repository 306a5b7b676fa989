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
import no.klipp.server.support.Client;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.support.World;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Holders' first names reach only staffed terminals: an unattended entrance of the same venue gets
 * every card, with its birth year, and no name, in its snapshot and in every delta.
 */
class StaffedLedgerTest extends OnBothDatabases {

  World w;
  /** The world's till: staffed. */
  EnrollResponse desk;
  EnrollResponse entrance;

  @BeforeEach
  void setUp() {
    w = new World(ts, "Tynset");
    desk = w.terminal;
    entrance = w.enroll(w.venueId, "Inngang", false);
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
    // The terminal is told which it is, so an entrance never shows the desk's buttons.
    assertTrue(staffed.get("staffed").asBoolean());
    assertTrue(unstaffed.get("staffed").isBoolean() && !unstaffed.get("staffed").asBoolean(), unstaffed.toString());
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

  /** A desk greets the children it admits: it holds no name of a revoked or expired card. */
  @Test
  void aStaffedDeskGetsNoNameOfARevokedOrExpiredCard() {
    String cursor = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, desk.token()), 200).get("cursor").asText();
    String revoked = w.cards.get(1);
    ok(c.post("/api/v1/cards/" + revoked + "/revoke", w.admin, null), 200);

    JsonNode delta = ok(c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, desk.token()), 200);
    assertEquals(1, delta.get("cards").size(), delta.toString());
    assertEquals(revoked, delta.get("cards").get(0).get("cardNumber").asText());
    assertNamesAreNull(delta.get("cards"));
    JsonNode snapshot = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, desk.token()), 200);
    assertEquals(List.of("Ada", "Kari"), names(snapshot.get("cards")).stream().sorted().toList());
    assertEquals(3, snapshot.get("cards").size(), "the revoked card is still there, to be refused");

    // The day after the cards' last valid day, in the scheme's zone.
    java.time.LocalDate last = java.time.LocalDate.parse(snapshot.get("cards").get(0).get("validUntil").asText());
    ts.clock.set(last.plusDays(1).atStartOfDay(java.time.ZoneId.of("Europe/Oslo")).toInstant().plusSeconds(1));
    JsonNode expired = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, desk.token()), 200);
    assertEquals(3, expired.get("cards").size());
    assertNamesAreNull(expired.get("cards"));
  }

  @Test
  void anEntranceMarkedUnstaffedIsSentToASnapshotWithoutNamesAtItsNextDelta() {
    String cursor = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, desk.token()), 200).get("cursor").asText();
    // The token is verified and remembered by now: the mark must still count from the next call.
    ok(c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, desk.token()), 200);

    JsonNode marked = ok(staffed(desk.terminalId(), false), 200);
    assertFalse(marked.get("staffed").asBoolean());

    Client.Response refused = c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, desk.token());
    assertEquals(409, refused.status(), refused.text());
    assertEquals(LedgerService.SNAPSHOT_REQUIRED, refused.tree().get("code").asText());
    JsonNode snapshot = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, desk.token()), 200);
    assertEquals(3, snapshot.get("cards").size());
    assertNamesAreNull(snapshot.get("cards"));

    ok(c.post("/api/v1/cards/" + w.cards.getFirst() + "/replace", w.admin, null), 200);
    JsonNode delta = ok(c.get(ApiPaths.LEDGER_DELTA + "?since=" + snapshot.get("cursor").asText(), desk.token()), 200);
    assertEquals(1, delta.get("cards").size(), "the new snapshot's cursor goes on as before");
    assertNamesAreNull(delta.get("cards"));
  }

  @Test
  void aTerminalMarkedStaffedGetsTheNamesThroughANewSnapshot() {
    String cursor = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, entrance.token()), 200).get("cursor").asText();
    String deskCursor = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, desk.token()), 200).get("cursor").asText();

    ok(staffed(entrance.terminalId(), true), 200);

    assertEquals(409, c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, entrance.token()).status());
    JsonNode snapshot = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, entrance.token()), 200);
    assertEquals(List.of("Ada", "Kari", "Ola"), names(snapshot.get("cards")).stream().sorted().toList());
    assertTrue(snapshot.get("staffed").asBoolean(), "now a desk: its screen may offer the desk's buttons");
    JsonNode other = ok(c.get(ApiPaths.LEDGER_DELTA + "?since=" + deskCursor, desk.token()), 200);
    assertEquals(0, other.get("cards").size(), "another terminal of the venue goes on with its delta");
  }

  @Test
  void markingATerminalAsItIsChangesNothingAndBadMarksAre400s() {
    String cursor = ok(c.get(ApiPaths.LEDGER_SNAPSHOT, desk.token()), 200).get("cursor").asText();
    long change = change();

    assertTrue(ok(staffed(desk.terminalId(), true), 200).get("staffed").asBoolean());
    assertEquals(change, change(), "no change number taken");
    ok(c.get(ApiPaths.LEDGER_DELTA + "?since=" + cursor, desk.token()), 200);

    for (Object bad : new Object[] {"false", 0, Map.of()}) {
      Client.Response r = c.put("/api/v1/terminals/" + desk.terminalId() + "/staffed", w.admin, Map.of("staffed", bad));
      assertEquals(400, r.status(), bad + ": " + r.text());
    }
    assertEquals(400, c.put("/api/v1/terminals/" + desk.terminalId() + "/staffed", w.admin, Map.of()).status());
    assertEquals(change, change());
    assertTrue(ts.server.terminals.get(desk.terminalId()).staffed());
  }

  @Test
  void aRevokedTerminalIsNotMarked() {
    // Other schemes' administrators, caseworkers and venue users: AuthorizationTest, on every route.
    ok(c.post("/api/v1/terminals/" + entrance.terminalId() + "/revoke", w.admin, null), 200);
    assertEquals(409, staffed(entrance.terminalId(), true).status());
    assertFalse(ts.server.terminals.get(entrance.terminalId()).staffed());
  }

  private Client.Response staffed(String terminalId, boolean staffed) {
    return c.put("/api/v1/terminals/" + terminalId + "/staffed", w.admin, Map.of("staffed", staffed));
  }

  private long change() {
    return ts.testDb.db.read(sql -> sql.one("SELECT value FROM change_counter", r -> r.longValue("value")).orElseThrow());
  }

  /** The names the cards carry; a card without one adds none. */
  private static List<String> names(JsonNode cards) {
    List<String> out = new ArrayList<>();
    cards.forEach(card -> {
      if (!card.get("firstName").isNull()) {
        out.add(card.get("firstName").asText());
      }
    });
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
