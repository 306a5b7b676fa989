package no.klipp.server.retention;

import java.time.LocalDate;
import java.util.List;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.db.Database;
import no.klipp.server.db.Sql;

/**
 * Erases the first name of a scheme's cards whose validity ended before a day: {@code first_name}
 * becomes {@code ''} (the column stays NOT NULL; {@code CardRepository} reads it as no name), and
 * each chunk takes a ledger change number, so terminals receive the card again, without its name,
 * with their next delta. Birth year and card number stay (age bands, refunds). A renewed card has
 * its {@code valid_until} moved forward and so is not erased.
 */
final class NameErasure {

  /** Cards per transaction. */
  static final int CHUNK = 500;

  private static final String DUE = "scheme_id = ? AND valid_until < ? AND first_name <> ''";

  private final Database db;

  NameErasure(Database db) {
    this.db = db;
  }

  /** Erases (or, {@code dryRun}, counts) the names on the scheme's cards valid until before {@code before}. */
  long erase(long schemeId, LocalDate before, boolean dryRun) {
    if (dryRun) {
      return db.read(sql -> sql.one("SELECT COUNT(*) AS n FROM card WHERE " + DUE, r -> r.longValue("n"),
          schemeId, before)).orElse(0L);
    }
    long total = 0;
    for (int n = eraseChunk(schemeId, before); n > 0; n = eraseChunk(schemeId, before)) {
      total += n;
    }
    return total;
  }

  private int eraseChunk(long schemeId, LocalDate before) {
    return db.transaction(sql -> {
      List<String> numbers = sql.list("SELECT card_number FROM card WHERE " + DUE + " ORDER BY card_number LIMIT ?",
          r -> r.string("card_number"), schemeId, before, CHUNK);
      if (numbers.isEmpty()) {
        return 0;
      }
      long change = ChangeCounter.next(sql);
      Sql.In in = sql.in("card_number", numbers, "text");
      // The condition again: on PostgreSQL a renewal committed meanwhile is seen by the update.
      return sql.update("UPDATE card SET first_name = '', change_seq = ? WHERE " + DUE + " AND " + in.sql(),
          Sql.args(new Object[] {change, schemeId, before}, in.args()));
    });
  }
}
