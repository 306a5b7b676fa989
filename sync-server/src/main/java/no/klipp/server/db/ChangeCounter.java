package no.klipp.server.db;

import java.sql.SQLException;

/**
 * The ledger's change numbers. Every change terminals must learn of (cards, revocations, offers,
 * keys, scheme rules) takes the next number inside its own transaction. The row lock held until
 * commit makes numbers commit-ordered, so a reader that first reads {@link #current} and then
 * the rows numbered up to it never misses a row that commits later with a smaller number.
 */
public final class ChangeCounter {

  private ChangeCounter() {}

  /** Takes the next change number; call inside a transaction. */
  public static long next(Sql sql) throws SQLException {
    return sql.one("UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value",
        r -> r.longValue("value")).orElseThrow();
  }

  /** The latest committed change number. */
  public static long current(Sql sql) throws SQLException {
    return sql.one("SELECT value FROM change_counter WHERE id = 1", r -> r.longValue("value")).orElseThrow();
  }
}
