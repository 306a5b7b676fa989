package no.klipp.server.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitIds;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.Database;
import no.klipp.server.db.Dialect;

/** Bulk data for benchmarks, written with plain JDBC so setting up is quick. */
final class BenchData {

  private BenchData() {}

  /** Inserts {@code n} active cards into the scheme; answers their numbers. */
  static List<String> cards(Database db, long schemeId, int n, long seed) {
    Random random = new Random(seed);
    List<String> numbers = new ArrayList<>(n);
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (numbers.size() < n) {
      String number = CardNumber.fromSerial(100_000_000L + random.nextLong(899_999_999L)).digits();
      if (seen.add(number)) {
        numbers.add(number);
      }
    }
    boolean sqlite = db.dialect() == Dialect.SQLITE;
    String sql = "INSERT INTO card (card_number, scheme_id, credential_serial, issued_on, key_id, valid_from, valid_until,"
        + " birth_year, first_name, status, paid, created_at, change_seq, fingerprint) VALUES (?, ?, 1, ?, 1, ?, ?, ?, ?,"
        + " 'ACTIVE', FALSE, ?, 1, ?)";
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        LocalDate from = LocalDate.of(2026, 1, 1);
        String[] names = {"Ada", "Ola", "Kari", "Nora", "Emil", "Jakob", "Sofie", "Aksel", "Ingrid", "Filip"};
        for (int i = 0; i < n; i++) {
          ps.setString(1, numbers.get(i));
          ps.setLong(2, schemeId);
          setDate(ps, 3, from, sqlite);
          setDate(ps, 4, from, sqlite);
          setDate(ps, 5, from.plusYears(1).minusDays(1), sqlite);
          ps.setInt(6, 2010 + random.nextInt(12));
          ps.setString(7, names[random.nextInt(names.length)]);
          if (sqlite) {
            ps.setLong(8, 0);
          } else {
            ps.setObject(8, java.time.OffsetDateTime.parse("2026-01-01T00:00:00Z"));
          }
          // As long and as random as a real fingerprint (a hash), so snapshots weigh what real ones do;
          // signing 100,000 credentials to compute the real ones would only slow the set-up.
          byte[] fingerprint = new byte[16];
          random.nextBytes(fingerprint);
          ps.setString(9, java.util.HexFormat.of().formatHex(fingerprint));
          ps.addBatch();
          if (i % 5000 == 4999) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return numbers;
  }

  private static void setDate(PreparedStatement ps, int i, LocalDate d, boolean sqlite) throws SQLException {
    if (sqlite) {
      ps.setString(i, d.toString());
    } else {
      ps.setObject(i, d);
    }
  }

  /**
   * {@code n} admissions by one terminal a second apart from {@code start}, sequence numbers from
   * {@code firstSequence}, ids made as terminals make them.
   */
  static List<Visit> visits(String terminalId, String venueId, String offerId, List<String> cards, long firstSequence,
      int n, Instant start, Random random) {
    List<Visit> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Instant at = start.plusSeconds(i);
      out.add(new Visit(VisitIds.next(at, random), firstSequence + i, VisitKind.ADMISSION, null,
          cards.get(random.nextInt(cards.size())), 1, offerId, venueId, terminalId, at, 1, Set.of()));
    }
    return out;
  }
}
