package no.klipp.server.stats;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.klipp.server.db.Sql;
import no.klipp.server.venue.Category;

/** The statistics queries: all of them read the small pre-aggregated tables, never the visits. */
final class StatsRepository {

  /**
   * A venue's sums over the period; {@code maxMonthChildren} and {@code minMonthChildren} are the
   * most and the fewest cards it saw in one month (of the months it saw any).
   */
  record VenueSums(String venueId, String name, Category category, long visits, long companions, long conflicts,
      long unverified, long maxMonthChildren, long minMonthChildren) {}

  /** Sums of one month, or one birth year. */
  record Sums(String key, long visits, long companions) {}

  List<VenueSums> venues(Sql sql, long schemeId, Period p) throws SQLException {
    return sql.list("SELECT v.id, v.name, v.category, COALESCE(SUM(m.visits), 0) AS visits,"
            + " COALESCE(SUM(m.companions), 0) AS companions, COALESCE(SUM(m.conflicts), 0) AS conflicts,"
            + " COALESCE(SUM(m.unverified), 0) AS unverified, COALESCE(MAX(m.children), 0) AS children,"
            + " COALESCE(MIN(CASE WHEN m.children > 0 THEN m.children END), 0) AS fewest"
            + " FROM venue v LEFT JOIN stats_venue_month m ON m.venue_id = v.id AND m.month >= ? AND m.month <= ?"
            + " WHERE v.scheme_id = ? GROUP BY v.id, v.name, v.category ORDER BY v.name, v.id",
        r -> new VenueSums(r.string("id"), r.string("name"), Category.valueOf(r.string("category")),
            r.longValue("visits"), r.longValue("companions"), r.longValue("conflicts"), r.longValue("unverified"),
            r.longValue("children"), r.longValue("fewest")),
        p.fromKey(), p.toKey(), schemeId);
  }

  /**
   * Different cards that visited any of {@code venueIds} in the period. Only asked for venues that
   * saw fewer than five cards in every month, so it reads few rows.
   */
  long children(Sql sql, List<String> venueIds, Period p) throws SQLException {
    if (venueIds.isEmpty()) {
      return 0;
    }
    return sql.one("SELECT COUNT(DISTINCT card_number) AS n FROM stats_card_venue_month WHERE venue_id IN "
            + Sql.placeholders(venueIds.size()) + " AND month >= ? AND month <= ? AND visits > 0",
        r -> r.longValue("n"), venuesAndMonths(venueIds, p)).orElse(0L);
  }

  /**
   * The fewest different cards that visited any of {@code venueIds} in one month of the period (of
   * the months with any), or 0. Only asked for a category with a venue that had a small month.
   */
  long fewestInAMonth(Sql sql, List<String> venueIds, Period p) throws SQLException {
    if (venueIds.isEmpty()) {
      return 0;
    }
    return sql.one("SELECT COALESCE(MIN(n), 0) AS n FROM (SELECT COUNT(DISTINCT card_number) AS n"
            + " FROM stats_card_venue_month WHERE venue_id IN " + Sql.placeholders(venueIds.size())
            + " AND month >= ? AND month <= ? AND visits > 0 GROUP BY month) AS per_month",
        r -> r.longValue("n"), venuesAndMonths(venueIds, p)).orElse(0L);
  }

  /** The parameters of {@code venue_id IN (...) AND month >= ? AND month <= ?}. */
  private static Object[] venuesAndMonths(List<String> venueIds, Period p) {
    List<Object> args = new ArrayList<>(venueIds);
    args.add(p.fromKey());
    args.add(p.toKey());
    return args.toArray();
  }

  List<Sums> months(Sql sql, long schemeId, Period p) throws SQLException {
    return sql.list("SELECT month, SUM(visits) AS visits, SUM(companions) AS companions FROM stats_venue_month"
            + " WHERE scheme_id = ? AND month >= ? AND month <= ? GROUP BY month",
        r -> new Sums(r.string("month"), r.longValue("visits"), r.longValue("companions")),
        schemeId, p.fromKey(), p.toKey());
  }

  /**
   * Different cards used in each month, in the whole period by birth year, and in each month by
   * birth year ({@code byMonthAndBirthYear}, keyed "YYYY-MM/birth year"); {@code newByMonthAndBirthYear}
   * keeps, by the same key, only the cards used for the first time in the period that month.
   */
  record Holders(Map<String, Long> byMonth, Map<Integer, Long> byBirthYear, Map<String, Long> byMonthAndBirthYear,
      Map<String, Long> newByMonthAndBirthYear) {}

  /**
   * Card holders from the spans, in one query: per month every span row counts; for the period
   * only a card's first month of use in it (its previous month lies before the period).
   */
  Holders holders(Sql sql, long schemeId, Period p) throws SQLException {
    Map<String, Long> byMonth = new HashMap<>();
    Map<Integer, Long> byYear = new HashMap<>();
    Map<String, Long> byMonthAndYear = new HashMap<>();
    Map<String, Long> newByMonthAndYear = new HashMap<>();
    sql.list("SELECT month, birth_year, CASE WHEN prev_month < ? THEN 1 ELSE 0 END AS first, SUM(cards) AS n"
            + " FROM stats_holder_span WHERE scheme_id = ? AND month >= ? AND month <= ? GROUP BY 1, 2, 3",
        r -> {
          long n = r.longValue("n");
          byMonth.merge(r.string("month"), n, Long::sum);
          byMonthAndYear.merge(r.string("month") + "/" + r.intValue("birth_year"), n, Long::sum);
          if (r.intValue("first") == 1) {
            byYear.merge(r.intValue("birth_year"), n, Long::sum);
            newByMonthAndYear.merge(r.string("month") + "/" + r.intValue("birth_year"), n, Long::sum);
          }
          return null;
        }, p.fromKey(), schemeId, p.fromKey(), p.toKey());
    return new Holders(byMonth, byYear, byMonthAndYear, newByMonthAndYear);
  }

  /**
   * Visits and companions, and cards valid in the period, by birth year; {@code newByMonthAndBirthYear}
   * (keyed "YYYY-MM/birth year") the cards whose validity starts in each month of the period after the first.
   */
  record ByBirthYear(List<Sums> visits, Map<Integer, Long> issued, Map<String, Long> newByMonthAndBirthYear) {}

  /**
   * All by birth year in one round trip. Cards valid in some month of the period: those whose
   * validity starts by the last month, less those whose validity ended before the first (kept by a
   * trigger on card).
   */
  ByBirthYear byBirthYear(Sql sql, long schemeId, Period p) throws SQLException {
    List<Sums> visits = new ArrayList<>();
    Map<Integer, Long> issued = new HashMap<>();
    Map<String, Long> started = new HashMap<>();
    sql.list("SELECT 'v' AS part, '' AS month, birth_year, SUM(visits) AS a, SUM(companions) AS b"
            + " FROM stats_birth_month WHERE scheme_id = ? AND month >= ? AND month <= ? GROUP BY birth_year"
            + " UNION ALL SELECT 'i' AS part, '' AS month, birth_year, SUM(CASE WHEN start_month <= ? THEN cards ELSE 0 END)"
            + " - SUM(CASE WHEN end_month < ? THEN cards ELSE 0 END) AS a, 0 AS b FROM stats_card_validity"
            + " WHERE scheme_id = ? GROUP BY birth_year"
            + " UNION ALL SELECT 's' AS part, start_month AS month, birth_year, SUM(cards) AS a, 0 AS b"
            + " FROM stats_card_validity WHERE scheme_id = ? AND start_month > ? AND start_month <= ?"
            + " GROUP BY start_month, birth_year",
        r -> {
          switch (r.string("part")) {
            case "v" -> visits.add(new Sums(Integer.toString(r.intValue("birth_year")), r.longValue("a"),
                r.longValue("b")));
            case "i" -> issued.put(r.intValue("birth_year"), r.longValue("a"));
            default -> started.merge(r.string("month") + "/" + r.intValue("birth_year"), r.longValue("a"), Long::sum);
          }
          return null;
        }, schemeId, p.fromKey(), p.toKey(), p.toKey(), p.fromKey(), schemeId, schemeId, p.fromKey(), p.toKey());
    return new ByBirthYear(visits, issued, started);
  }
}
