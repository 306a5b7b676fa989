package no.klipp.server.refund;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import no.klipp.server.db.Database;
import no.klipp.server.web.ApiException;

/** Refunds per venue and period, from the per-offer daily counts (never the visits themselves). */
public final class RefundService {

  private final Database db;
  private final Runnable catchUp;

  public RefundService(Database db) {
    this(db, () -> {});
  }

  /** With {@code catchUp} run before every read, to fold visits still pending into the daily counts. */
  public RefundService(Database db, Runnable catchUp) {
    this.db = db;
    this.catchUp = catchUp;
  }

  private static void addDays(StringBuilder parts, List<Object> args, long schemeId, String venueId, LocalDate from,
      LocalDate to) {
    if (to.isBefore(from)) {
      return;
    }
    parts.append(parts.isEmpty() ? "" : " UNION ALL ").append("SELECT offer_id, admissions, voids, companions"
        + " FROM stats_offer_day WHERE scheme_id = ? AND day >= ? AND day <= ?")
        .append(venueId != null ? " AND venue_id = ?" : "");
    args.addAll(List.of(schemeId, from, to));
    if (venueId != null) {
      args.add(venueId);
    }
  }

  /** The statement for {@code schemeId} over {@code [from, to]}, for one venue or (null) all. */
  public Refunds of(long schemeId, String venueId, LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw ApiException.invalid("the period ends before it starts: " + from + " to " + to);
    }
    // Whole months come from the monthly table; only the days of a partial first or last month
    // are read day by day, so a year reads about 12 rows per offer instead of 365.
    YearMonth firstWhole = from.getDayOfMonth() == 1 ? YearMonth.from(from) : YearMonth.from(from).plusMonths(1);
    YearMonth lastWhole = to.equals(YearMonth.from(to).atEndOfMonth()) ? YearMonth.from(to)
        : YearMonth.from(to).minusMonths(1);
    List<Object> args = new ArrayList<>();
    StringBuilder parts = new StringBuilder();
    String venue = venueId != null ? " AND venue_id = ?" : "";
    if (!lastWhole.isBefore(firstWhole)) {
      parts.append("SELECT offer_id, admissions, voids, companions FROM stats_offer_month"
          + " WHERE scheme_id = ? AND month >= ? AND month <= ?").append(venue);
      args.addAll(List.of(schemeId, firstWhole.toString(), lastWhole.toString()));
      if (venueId != null) {
        args.add(venueId);
      }
      addDays(parts, args, schemeId, venueId, from, firstWhole.atDay(1).minusDays(1));
      addDays(parts, args, schemeId, venueId, lastWhole.atEndOfMonth().plusDays(1), to);
    } else {
      addDays(parts, args, schemeId, venueId, from, to);
    }
    catchUp.run();
    List<RefundLine> lines = db.read(sql -> sql.list(
        "SELECT o.id, o.name, o.venue_id, v.name AS venue_name, o.price_ore, o.refund_percent, o.companions AS allowed,"
            + " s.visits, s.companion_tickets FROM (SELECT offer_id, SUM(admissions) - SUM(voids) AS visits,"
            + " SUM(companions) AS companion_tickets FROM (" + parts + ") x GROUP BY offer_id) s"
            + " JOIN offer o ON o.id = s.offer_id JOIN venue v ON v.id = o.venue_id"
            + " ORDER BY v.name, o.venue_id, o.name, o.id",
        r -> RefundLine.of(r.string("venue_id"), r.string("venue_name"), r.string("id"), r.string("name"),
            r.longValue("price_ore"), r.intValue("refund_percent"), r.intValue("allowed"), r.longValue("visits"),
            r.longValue("companion_tickets")),
        args.toArray()));
    return new Refunds(from, to, lines);
  }
}
