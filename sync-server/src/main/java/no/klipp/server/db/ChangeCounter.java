package no.klipp.server.db;

import java.sql.SQLException;

/**
 * The ledger's change numbers. Every change terminals must learn of (cards, revocations, offers,
 * keys, scheme rules) takes the next number inside its own transaction. The row lock held until
 * commit makes numbers commit-ordered, so a reader that first reads {@link #current} and then
 * the rows numbered up to it never misses a row that commits later with a smaller number.
 */
public final class ChangeCounter {

  /**
   * The latest committed change number, and the database's generation. A database restored from a
   * backup numbers its changes again from where the backup stood, so a terminal's cursor may name a
   * number this database has given to a different change, or not yet given: the restore starts a
   * new generation ({@link #startGeneration}), and cursors of another generation are refused.
   */
  public record Position(long change, long generation) {}

  private ChangeCounter() {}

  /** Takes the next change number; call inside a transaction. */
  public static long next(Sql sql) throws SQLException {
    return sql.one("UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value",
        r -> r.longValue("value")).orElseThrow();
  }

  /** The latest committed change number. */
  public static long current(Sql sql) throws SQLException {
    return position(sql).change();
  }

  /** The latest committed change number and the generation, in one read. */
  public static Position position(Sql sql) throws SQLException {
    return sql.one("SELECT value, generation FROM change_counter WHERE id = 1",
        r -> new Position(r.longValue("value"), r.longValue("generation"))).orElseThrow();
  }

  /**
   * Starts generation {@code generation} (above 0; a random one, so that two restores of one backup
   * never share it): every terminal's next delta is refused, and it loads a new snapshot.
   */
  public static void startGeneration(Sql sql, long generation) throws SQLException {
    if (generation <= 0) {
      throw new IllegalArgumentException("a generation is above 0: " + generation);
    }
    sql.update("UPDATE change_counter SET generation = ? WHERE id = 1", generation);
  }
}
