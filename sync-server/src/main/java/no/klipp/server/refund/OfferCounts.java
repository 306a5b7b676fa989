package no.klipp.server.refund;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.klipp.server.db.Sql;

/** Net visits and companion tickets per offer over a period, from the per-offer daily and monthly counts. */
final class OfferCounts {

  /** Net visits (admissions less voids) and companion tickets. */
  record Counts(long visits, long companions) {}

  private OfferCounts() {}

  /** The offers of {@code schemeId} with counts in {@code [from, to]}, of one venue and one offer if not null. */
  static Map<String, Counts> of(Sql sql, long schemeId, String venueId, String offerId, LocalDate from, LocalDate to)
      throws SQLException {
    StringBuilder filter = new StringBuilder(" AND scheme_id = ?");
    List<Object> filterArgs = new ArrayList<>(List.of(schemeId));
    if (venueId != null) {
      filter.append(" AND venue_id = ?");
      filterArgs.add(venueId);
    }
    if (offerId != null) {
      filter.append(" AND offer_id = ?");
      filterArgs.add(offerId);
    }
    // Whole months come from the monthly table; only the days of a partial first or last month
    // are read day by day, so a year reads about 12 rows per offer instead of 365.
    Optional<WholeMonths> months = WholeMonths.within(from, to);
    List<Object> args = new ArrayList<>();
    StringBuilder parts = new StringBuilder();
    if (months.isPresent()) {
      WholeMonths m = months.get();
      parts.append("SELECT offer_id, admissions, voids, companions FROM stats_offer_month"
          + " WHERE month >= ? AND month <= ?").append(filter);
      args.addAll(List.of(m.first().toString(), m.last().toString()));
      args.addAll(filterArgs);
      addDays(parts, args, filter, filterArgs, from, m.from().minusDays(1));
      addDays(parts, args, filter, filterArgs, m.to().plusDays(1), to);
    } else {
      addDays(parts, args, filter, filterArgs, from, to);
    }
    Map<String, Counts> out = new LinkedHashMap<>();
    sql.list("SELECT offer_id, SUM(admissions) - SUM(voids) AS visits, SUM(companions) AS companion_tickets"
            + " FROM (" + parts + ") x GROUP BY offer_id ORDER BY offer_id",
        r -> out.put(r.string("offer_id"), new Counts(r.longValue("visits"), r.longValue("companion_tickets"))),
        args.toArray());
    return out;
  }

  /**
   * The offers of {@code schemeId} (of one venue if not null) with counts in each month of
   * {@code [from, to]}, from the monthly counts alone: one query for all the months.
   */
  static Map<YearMonth, Map<String, Counts>> byMonth(Sql sql, long schemeId, String venueId, YearMonth from,
      YearMonth to) throws SQLException {
    Map<YearMonth, Map<String, Counts>> out = new LinkedHashMap<>();
    // A year of 600 offers is 7,200 rows of a dozen months: each month's text parsed once.
    Map<String, YearMonth> months = new java.util.HashMap<>();
    // One row per offer and month (its primary key): nothing to group.
    sql.list("SELECT month, offer_id, admissions - voids AS visits, companions AS companion_tickets"
            + " FROM stats_offer_month WHERE scheme_id = ? AND month >= ? AND month <= ?"
            + (venueId == null ? "" : " AND venue_id = ?") + " ORDER BY month, offer_id",
        r -> out.computeIfAbsent(months.computeIfAbsent(r.string("month"), YearMonth::parse), k -> new LinkedHashMap<>())
            .put(r.string("offer_id"), new Counts(r.longValue("visits"), r.longValue("companion_tickets"))),
        venueId == null ? new Object[] {schemeId, from.toString(), to.toString()}
            : new Object[] {schemeId, from.toString(), to.toString(), venueId});
    return out;
  }

  private static void addDays(StringBuilder parts, List<Object> args, CharSequence filter, List<Object> filterArgs,
      LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      return;
    }
    parts.append(parts.isEmpty() ? "" : " UNION ALL ").append("SELECT offer_id, admissions, voids, companions"
        + " FROM stats_offer_day WHERE day >= ? AND day <= ?").append(filter);
    args.addAll(List.of(from, to));
    args.addAll(filterArgs);
  }
}
