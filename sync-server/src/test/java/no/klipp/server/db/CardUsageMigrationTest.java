package no.klipp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import no.klipp.server.support.MigrationDb;
import no.klipp.server.support.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that already holds visits gets its card usage from them when it is upgraded to the
 * version that keeps usage (V36), so the quota counts go on where the visits left them.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class CardUsageMigrationTest {

  @Parameter
  Dialect dialect;

  MigrationDb db;

  @BeforeEach
  void setUp() throws Exception {
    db = new MigrationDb(dialect);
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  @Test
  void usageIsCountedFromTheVisitsStoredBefore() throws Exception {
    db.migrate("35");
    try (Connection c = db.connect()) {
      UUID voided = visit(c, "A", "2026", "ADMISSION", null);
      visit(c, "A", "2026", "ADMISSION", null);
      visit(c, "A", "2026", "ADMISSION", null);
      visit(c, "A", "2026", "VOID", voided);
      visit(c, "A", "2026", "COMPANIONS", voided);
      visit(c, "A", "2027", "ADMISSION", null);
      visit(c, "B", "2026", "COMPANIONS", voided);
    }
    db.migrate(null);
    Map<String, Integer> usage = new TreeMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT card_number, offer_id, period_key, net FROM card_usage")) {
      while (rs.next()) {
        usage.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getInt(4));
      }
    }
    assertEquals(Map.of("A/off_1/2026", 2, "A/off_1/2027", 1, "B/off_1/2026", 0), usage);
  }

  private UUID visit(Connection c, String card, String period, String kind, UUID refersTo) throws SQLException {
    UUID id = UUID.randomUUID();
    Instant at = Instant.parse("2026-05-04T10:00:00Z");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO visit (id, terminal_id, venue_id, scheme_id, sequence,"
        + " kind, refers_to, card_number, credential_serial, offer_id, period_key, companions, terminal_time,"
        + " received_at, flags) VALUES (?, 'trm_1', 'ven_1', 1, 1, ?, ?, ?, 1, 'off_1', ?, 0, ?, ?, '')")) {
      boolean sqlite = dialect == Dialect.SQLITE;
      ps.setObject(1, sqlite ? id.toString() : id);
      ps.setString(2, kind);
      ps.setObject(3, refersTo == null ? null : sqlite ? refersTo.toString() : refersTo);
      ps.setString(4, card);
      ps.setString(5, period);
      Object time = sqlite ? (Object) at.toEpochMilli() : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
      ps.setObject(6, time);
      ps.setObject(7, time);
      ps.executeUpdate();
    }
    return id;
  }

}
