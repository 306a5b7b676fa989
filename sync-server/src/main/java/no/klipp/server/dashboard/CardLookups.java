package no.klipp.server.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import no.klipp.server.auth.Person;
import no.klipp.server.db.Database;
import no.klipp.server.web.Check;

/**
 * The one place that shows where a named child's card was used: a caseworker looks up one card
 * and gives a reason; the look-up is written to {@code card_lookup} in the same transaction that
 * reads the visits, so nothing is shown that was not logged.
 */
final class CardLookups {

  /** One use of the card. */
  record Use(Instant at, String venue, String offer, int companions) {}

  /** One logged look-up. */
  record Entry(Instant at, String username, String cardNumber, String reason) {}

  private final Database db;
  private final Clock clock;

  CardLookups(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Logs the look-up, then answers the card's latest uses (voided admissions left out). */
  List<Use> lookUp(Person caseworker, String cardNumber, String reason) {
    String why = Check.text(reason, "reason", 500);
    Check.that(why.length() >= 5, "reason must say why (5 characters or more)");
    return db.transaction(sql -> {
      sql.update("INSERT INTO card_lookup (scheme_id, user_id, card_number, reason, looked_at) VALUES (?, ?, ?, ?, ?)",
          caseworker.schemeId(), caseworker.userId(), cardNumber, why, clock.instant());
      return sql.list("SELECT v.terminal_time, ve.name AS venue, o.name AS offer, v.companions FROM visit v"
              + " JOIN venue ve ON ve.id = v.venue_id JOIN offer o ON o.id = v.offer_id"
              + " WHERE v.card_number = ? AND v.scheme_id = ? AND v.kind = 'ADMISSION'"
              // Only a void of the admission's own venue takes it back: another venue's names it in vain.
              + " AND NOT EXISTS (SELECT 1 FROM visit x WHERE x.refers_to = v.id AND x.venue_id = v.venue_id"
              + " AND x.kind = 'VOID')"
              + " ORDER BY v.terminal_time DESC LIMIT 500",
          r -> new Use(r.instant("terminal_time"), r.string("venue"), r.string("offer"), r.intValue("companions")),
          cardNumber, caseworker.schemeId());
    });
  }

  /** The scheme's latest look-ups. */
  List<Entry> log(long schemeId) {
    return db.read(sql -> sql.list("SELECT l.looked_at, u.username, l.card_number, l.reason FROM card_lookup l"
            + " JOIN app_user u ON u.id = l.user_id WHERE l.scheme_id = ? ORDER BY l.looked_at DESC, l.id DESC LIMIT 500",
        r -> new Entry(r.instant("looked_at"), r.string("username"), r.string("card_number"), r.string("reason")),
        schemeId));
  }
}
