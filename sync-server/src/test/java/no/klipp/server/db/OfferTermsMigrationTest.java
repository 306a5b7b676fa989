package no.klipp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import no.klipp.server.refund.RefundLine;
import no.klipp.server.refund.RefundService;
import no.klipp.server.refund.Refunds;
import no.klipp.server.support.MigrationDb;
import no.klipp.server.support.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server that already holds offers and their counts gets each offer's current terms as its terms
 * for all its history when upgraded to the version that keeps terms (V38), so the statements of
 * periods before the upgrade come out as they did.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class OfferTermsMigrationTest {

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
  void offersKeepTheirTermsForTheStatementsBeforeTheUpgrade() throws Exception {
    db.migrate("37");
    try (Connection c = db.connect()) {
      insert(c, "INSERT INTO scheme (id, name, municipalities, time_zone, min_age, max_age, validity_months,"
          + " companions, admit_unknown_cards, created_at, change_seq) VALUES (1, 'Gammelby', 'Gammelby',"
          + " 'Europe/Oslo', 5, 18, 12, 1, ?, ?, 1)", bool(false), time());
      insert(c, "INSERT INTO venue (id, scheme_id, name, category, created_at) VALUES ('ven_1', 1, 'Kinoen',"
          + " 'CINEMA', ?)", time());
      // Half of 120 kr with companions refunded; 80 kr in full with none.
      offer(c, "off_1", "Billett", 12_000, 50, 1);
      offer(c, "off_2", "Popcorn", 8_000, 100, 0);
      counts(c, "off_1", LocalDate.of(2026, 1, 15), 3, 1, 2);
      counts(c, "off_1", LocalDate.of(2026, 2, 3), 2, 0, 1);
      counts(c, "off_2", LocalDate.of(2026, 1, 31), 4, 0, 3);
    }

    try (Database upgraded = Database.open(new DatabaseConfig(db.url, TestDb.PG_USER, null, 2))) {
      RefundService refunds = new RefundService(upgraded);
      // Whole months, from the monthly counts.
      assertEquals(List.of("off_1 4+3 = " + (4 + 3) * 12_000 / 2, "off_2 4+0 = " + 4 * 8_000),
          describe(refunds.of(1, null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 28))));
      // Days of partial months, from the daily counts.
      assertEquals(List.of("off_1 2+1 = " + (2 + 1) * 12_000 / 2, "off_2 4+0 = " + 4 * 8_000),
          describe(refunds.of(1, null, LocalDate.of(2026, 1, 20), LocalDate.of(2026, 2, 10))));
      assertEquals(List.of("off_1 2000-01-01 12000 50 1", "off_2 2000-01-01 8000 100 0"),
          upgraded.read(sql -> sql.list("SELECT * FROM offer_terms ORDER BY offer_id", r -> r.string("offer_id") + " "
              + r.date("effective_from") + " " + r.longValue("price_ore") + " " + r.intValue("refund_percent") + " "
              + r.intValue("companions"))));
    }
  }

  private static List<String> describe(Refunds r) {
    return r.lines().stream().map((RefundLine l) -> l.offerId() + " " + l.visits() + "+" + l.refundedCompanions()
        + " = " + l.amountOre()).toList();
  }

  private void offer(Connection c, String id, String name, long priceOre, int refundPercent, int companions)
      throws SQLException {
    insert(c, "INSERT INTO offer (id, venue_id, name, quota, period, companions, valid_from, valid_until,"
        + " opening_hours, capacity, price_ore, refund_percent, targeted, withdrawn, created_at, change_seq)"
        + " VALUES (?, 'ven_1', ?, 5, 'CALENDAR_YEAR', ?, NULL, NULL, '[]', NULL, ?, ?, ?, ?, ?, 1)",
        id, name, companions, priceOre, refundPercent, bool(false), bool(false), time());
  }

  /** One day's counts of an offer, and the same in its month (each month here has one day of visits). */
  private void counts(Connection c, String offerId, LocalDate day, int admissions, int voids, int companions)
      throws SQLException {
    String month = day.toString().substring(0, 7);
    insert(c, "INSERT INTO stats_offer_day (offer_id, day, month, venue_id, scheme_id, admissions, voids, companions,"
        + " conflicts, unverified) VALUES (?, ?, ?, 'ven_1', 1, ?, ?, ?, 0, 0)", offerId,
        dialect == Dialect.SQLITE ? day.toString() : day, month, admissions, voids, companions);
    insert(c, "INSERT INTO stats_offer_month (offer_id, month, venue_id, scheme_id, admissions, voids, companions)"
        + " VALUES (?, ?, 'ven_1', 1, ?, ?, ?)", offerId, month, admissions, voids, companions);
  }

  private Object bool(boolean b) {
    return dialect == Dialect.SQLITE ? (Object) (b ? 1 : 0) : b;
  }

  private Object time() {
    Instant at = Instant.parse("2025-12-01T10:00:00Z");
    return dialect == Dialect.SQLITE ? (Object) at.toEpochMilli() : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static void insert(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

}
