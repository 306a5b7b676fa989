package no.klipp.server.visit;

import java.sql.SQLException;
import java.util.Set;
import no.klipp.server.db.Dialect;
import no.klipp.server.db.Sql;

/**
 * PostgreSQL: the locks an upload transaction takes first, on the cards its batches name, so that
 * uploads of the same card run one after the other (each counting the visits of the one before),
 * and the usage rows, which batches sharing a transaction lock in their own orders, cannot
 * deadlock. SQLite needs none: it lets one writer in at a time.
 *
 * <p>PostgreSQL's lock table is shared and small (64 locks per connection by default), so a batch
 * of 10,000 cards cannot lock each one. The cards are hashed into {@link #SLOTS} slots. A
 * transaction naming few cards takes each slot it touches in <em>shared</em> mode and each card's
 * own lock exclusively; one naming many takes its slots exclusively, which covers every card in
 * them. Two small transactions then wait for each other only when they share a card: with one
 * exclusive lock per slot, a sync burst's groups of some 150 cards nearly always shared a slot, and
 * ran one at a time. Every transaction takes its locks in one order (slot, then the slot's cards
 * after it), so no two can wait for each other in a circle.
 */
public final class CardLocks {

  /** The advisory lock space of card slots ("KLCD"), apart from other locks by its first key. */
  private static final int SLOT_SPACE = 0x4B4C4344;
  /** The advisory lock space of single cards ("KLCC"). */
  private static final int CARD_SPACE = 0x4B4C4343;
  /** Slots the cards are hashed into (a power of two): at most this many locks for the largest batch. */
  static final int SLOTS = 512;
  /** Most cards a transaction locks one by one: a shared lock per slot and one per card stay within {@link #SLOTS}. */
  static final int MOST_CARDS_ONE_BY_ONE = SLOTS / 2;

  private CardLocks() {}

  /** Locks {@code cardNumbers} (sorted or not) until the transaction ends; nothing on SQLite. */
  public static void lock(Sql sql, Set<String> cardNumbers) throws SQLException {
    if (sql.dialect() != Dialect.POSTGRESQL || cardNumbers.isEmpty()) {
      return;
    }
    String slot = "hashtext(c) & " + (SLOTS - 1);
    java.sql.Array cards = sql.textArray(cardNumbers.toArray());
    // Volatile functions in the select list run after the sort, so the locks are taken in key order.
    if (cardNumbers.size() > MOST_CARDS_ONE_BY_ONE) {
      sql.list("SELECT pg_advisory_xact_lock(" + SLOT_SPACE + ", k) FROM (SELECT DISTINCT " + slot
          + " AS k FROM unnest(CAST(? AS text[])) AS c) AS keys ORDER BY k", r -> null, cards);
      return;
    }
    // A slot sorts before its cards (FALSE < TRUE), each card by its full hash within its slot.
    sql.list("SELECT CASE WHEN l.one THEN pg_advisory_xact_lock(" + CARD_SPACE + ", l.card)"
        + " ELSE pg_advisory_xact_lock_shared(" + SLOT_SPACE + ", l.slot) END"
        + " FROM (SELECT DISTINCT " + slot + " AS slot, FALSE AS one, 0 AS card FROM unnest(CAST(? AS text[])) AS c"
        + " UNION SELECT " + slot + ", TRUE, hashtext(c) FROM unnest(CAST(? AS text[])) AS c) AS l"
        + " ORDER BY l.slot, l.one, l.card", r -> null, cards, cards);
  }
}
