package no.klipp.server.refund;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import no.klipp.server.db.Database;
import no.klipp.server.web.ApiException;

/** Refunds per venue and period, from the per-offer daily counts (never the visits themselves). */
public final class RefundService {

  private final Database db;

  public RefundService(Database db) {
    this.db = db;
  }

  /** The statement for {@code schemeId} over {@code [from, to]}, for one venue or (null) all. */
  public Refunds of(long schemeId, String venueId, LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw ApiException.invalid("the period ends before it starts: " + from + " to " + to);
    }
    List<Object> args = new ArrayList<>(List.of(schemeId, from, to));
    if (venueId != null) {
      args.add(venueId);
    }
    List<RefundLine> lines = db.read(sql -> sql.list(
        "SELECT o.id, o.name, o.venue_id, v.name AS venue_name, o.price_ore, o.refund_percent, o.companions AS allowed,"
            + " SUM(d.admissions) - SUM(d.voids) AS visits, SUM(d.companions) AS companion_tickets"
            + " FROM stats_offer_day d JOIN offer o ON o.id = d.offer_id JOIN venue v ON v.id = o.venue_id"
            + " WHERE d.scheme_id = ? AND d.day >= ? AND d.day <= ?" + (venueId != null ? " AND d.venue_id = ?" : "")
            + " GROUP BY o.id, o.name, o.venue_id, v.name, o.price_ore, o.refund_percent, o.companions"
            + " ORDER BY v.name, o.venue_id, o.name, o.id",
        r -> RefundLine.of(r.string("venue_id"), r.string("venue_name"), r.string("id"), r.string("name"),
            r.longValue("price_ore"), r.intValue("refund_percent"), r.intValue("allowed"), r.longValue("visits"),
            r.longValue("companion_tickets")),
        args.toArray()));
    return new Refunds(from, to, lines);
  }
}
