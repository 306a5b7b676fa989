package no.klipp.server.terminal;

import static no.klipp.server.support.World.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.klipp.server.db.Database;
import no.klipp.server.db.DatabaseConfig;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.MigrationDb;
import no.klipp.server.support.TestDb;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A terminal is registered staffed or not: unstaffed unless asked (privacy by default), the flag a
 * JSON boolean and nothing else, shown in the terminal's JSON and the venue's list; terminals from
 * before the flag stay staffed.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class StaffedRegistrationTest {

  @Parameter
  Dialect dialect;

  @Test
  void aTerminalIsUnstaffedUnlessTheRegistrationSaysSo() {
    try (TestServer ts = new TestServer(dialect)) {
      World w = new World(ts, "Alvdal");
      Client c = ts.client;
      String terminals = "/api/v1/venues/" + w.venueId + "/terminals";
      JsonNode plain = ok(c.post(terminals, w.admin, Map.of("name", "Inngang 1")), 201).get("terminal");
      assertEquals(false, plain.get("staffed").asBoolean(true), plain.toString());
      Map<String, Object> nullFlag = new HashMap<>();
      nullFlag.put("name", "Inngang 2");
      nullFlag.put("staffed", null);
      JsonNode unsaid = ok(c.post(terminals, w.admin, nullFlag), 201).get("terminal");
      assertEquals(false, unsaid.get("staffed").asBoolean(true), "null says nothing: " + unsaid);
      JsonNode desk = ok(c.post(terminals, w.admin, Map.of("name", "Billettluke", "staffed", true)), 201)
          .get("terminal");
      assertEquals(true, desk.get("staffed").asBoolean(false), desk.toString());

      assertEquals(false, ok(c.get("/api/v1/terminals/" + plain.get("id").asText(), w.admin), 200)
          .get("staffed").asBoolean(true));
      Map<String, Boolean> listed = new HashMap<>();
      ok(c.get(terminals, w.admin), 200).forEach(t -> listed.put(t.get("name").asText(), t.get("staffed").asBoolean()));
      assertEquals(Map.of("Kasse 1", true, "Inngang 1", false, "Inngang 2", false, "Billettluke", true), listed);
    }
  }

  @Test
  void staffedMustBeAJsonBoolean() {
    try (TestServer ts = new TestServer(dialect)) {
      World w = new World(ts, "Folldal");
      Client c = ts.client;
      String terminals = "/api/v1/venues/" + w.venueId + "/terminals";
      List<String> failures = new ArrayList<>();
      // Jackson alone would take 1 and "true" for true; here they are refused like anything else.
      for (Object bad : List.of("yes", "true", 1, 0, Map.of("value", true), List.of(true))) {
        Client.Response r = c.post(terminals, w.admin, Map.of("name", "Inngang", "staffed", bad));
        boolean refused = r.status() == 400 && "invalid".equals(r.tree().path("code").asText())
            && r.tree().path("message").asText().startsWith("staffed must be true or false");
        if (!refused) {
          failures.add(bad + " -> " + r);
        }
      }
      assertEquals(List.of(), failures);
      assertEquals(1, ok(c.get(terminals, w.admin), 200).size(), "nothing was registered");
    }
  }

  @Test
  void terminalsFromBeforeTheFlagStayStaffedAndNewOnesAreNot() throws Exception {
    try (MigrationDb db = new MigrationDb(dialect)) {
      db.migrate("39");
      try (Connection c = db.connect()) {
        execute(c, "INSERT INTO scheme (id, name, municipalities, time_zone, min_age, max_age, validity_months,"
            + " companions, admit_unknown_cards, created_at, change_seq) VALUES (1, 'Gammelby', 'Gammelby',"
            + " 'Europe/Oslo', 5, 18, 12, 1, ?, ?, 1)", dialect == Dialect.SQLITE ? (Object) 0 : false, time());
        execute(c, "INSERT INTO venue (id, scheme_id, name, category, created_at) VALUES ('ven_1', 1, 'Kinoen',"
            + " 'CINEMA', ?)", time());
        execute(c, "INSERT INTO terminal (id, venue_id, name, state, created_at, sequence_complete)"
            + " VALUES ('trm_old', 'ven_1', 'Kasse', 'ACTIVE', ?, 0)", time());
      }
      try (Database upgraded = Database.open(new DatabaseConfig(db.url, TestDb.PG_USER, null, 2))) {
        TerminalRepository terminals = new TerminalRepository();
        upgraded.transaction(sql -> {
          terminals.insert(sql, "trm_new", "ven_1", "Inngang", false, "code", Instant.now(), Instant.now());
          return null;
        });
        assertTrue(upgraded.read(sql -> terminals.find(sql, "trm_old")).orElseThrow().staffed(),
            "its ledger already holds the names; the venue chose it when every terminal got them");
        assertEquals(false, upgraded.read(sql -> terminals.find(sql, "trm_new")).orElseThrow().staffed());
      }
      try (Connection c = db.connect()) {
        execute(c, "INSERT INTO terminal (id, venue_id, name, state, created_at, sequence_complete)"
            + " VALUES ('trm_bare', 'ven_1', 'Inngang', 'PENDING', ?, 0)", time());
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT staffed FROM terminal WHERE id = 'trm_bare'")) {
          assertTrue(rs.next());
          assertEquals(false, rs.getBoolean(1), "a row that does not say is unstaffed");
        }
      }
    }
  }

  private Object time() {
    Instant at = Instant.parse("2026-01-05T10:00:00Z");
    return dialect == Dialect.SQLITE ? (Object) at.toEpochMilli() : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static void execute(Connection c, String sql, Object... args) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
