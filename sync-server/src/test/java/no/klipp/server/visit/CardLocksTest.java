package no.klipp.server.visit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.klipp.protocol.card.CardNumber;
import no.klipp.server.db.DataAccessException;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.HeldLocks;
import no.klipp.server.support.TestDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's card locks (SQLite has one writer and needs none): an upload waits for another only
 * when they share a card, however the cards fall into the lock slots, and no upload runs out of
 * PostgreSQL's small lock table.
 */
class CardLocksTest {

  /** PostgreSQL's answer when {@code lock_timeout} ends a wait. */
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  TestDb testDb;
  /** Card numbers by the slot they hash to, drawn at random so no other test's locks are met. */
  Map<Integer, List<String>> bySlot;

  @BeforeEach
  void setUp() throws Exception {
    testDb = TestDb.fresh(Dialect.POSTGRESQL);
    Set<String> cards = new HashSet<>();
    java.util.Random random = new java.util.Random();
    while (cards.size() < 4000) {
      cards.add(CardNumber.fromSerial(100_000_000L + random.nextLong(899_999_999L)).digits());
    }
    bySlot = new HashMap<>();
    testDb.db.read(sql -> sql.list("SELECT c, hashtext(c) & " + (CardLocks.SLOTS - 1) + " AS slot"
        + " FROM unnest(CAST(? AS text[])) AS c", r -> bySlot.computeIfAbsent(r.intValue("slot"),
            k -> new ArrayList<>()).add(r.string("c")), sql.textArray(cards.toArray())));
  }

  @AfterEach
  void tearDown() {
    testDb.close();
  }

  @Test
  void twoUploadsOfDifferentCardsInOneSlotHoldTheirLocksAtOnce() throws Exception {
    List<String> slot = aSlotOfAtLeast(2);
    try (HeldLocks _ = hold(Set.of(slot.get(0)))) {
      lockWithin(Set.of(slot.get(1)), 5_000);
    }
  }

  @Test
  void anUploadOfTheSameCardWaitsForTheOneHoldingIt() throws Exception {
    String card = aSlotOfAtLeast(1).getFirst();
    try (HeldLocks _ = hold(Set.of(card))) {
      assertWaits(Set.of(card));
    }
  }

  @Test
  void anUploadOfManyCardsHoldsEveryCardOfItsSlotsAgainstSmallOnesAndTheOtherWayRound() throws Exception {
    List<String> slot = aSlotOfAtLeast(2);
    Set<String> many = manyCardsWith(slot.get(0), slot.get(1));
    try (HeldLocks _ = hold(many)) {
      assertWaits(Set.of(slot.get(1)));
    }
    try (HeldLocks _ = hold(Set.of(slot.get(1)))) {
      assertWaits(many);
    }
    try (HeldLocks _ = hold(many)) {
      assertWaits(manyCardsWith(slot.get(0), slot.get(1)));
    }
  }

  @Test
  void noUploadTakesMoreLocksThanThereAreSlots() {
    List<String> all = new ArrayList<>();
    Map<String, Integer> slotOf = new HashMap<>();
    bySlot.forEach((slot, cards) -> cards.forEach(c -> {
      all.add(c);
      slotOf.put(c, slot);
    }));
    java.util.Collections.shuffle(all, new java.util.Random(3));
    for (int n : new int[] {1, CardLocks.MOST_CARDS_ONE_BY_ONE, CardLocks.MOST_CARDS_ONE_BY_ONE + 1, all.size()}) {
      Set<String> cards = new HashSet<>(all.subList(0, n));
      long slots = cards.stream().map(slotOf::get).distinct().count();
      long locks = testDb.db.transaction(sql -> {
        CardLocks.lock(sql, cards);
        return sql.one("SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()",
            r -> r.longValue("n")).orElseThrow();
      });
      // Few cards: a shared lock on each slot and one on each card; many: each slot alone.
      assertEquals(n <= CardLocks.MOST_CARDS_ONE_BY_ONE ? slots + n : slots, locks, n + " cards");
      assertTrue(locks <= CardLocks.SLOTS, n + " cards took " + locks + " locks");
    }
  }

  private List<String> aSlotOfAtLeast(int n) {
    return bySlot.values().stream().filter(cards -> cards.size() >= n).findFirst().orElseThrow();
  }

  /** More cards than are locked one by one, {@code in} among them and {@code out} not. */
  private Set<String> manyCardsWith(String in, String out) {
    Set<String> many = new HashSet<>();
    many.add(in);
    for (List<String> cards : bySlot.values()) {
      for (String c : cards) {
        if (many.size() <= CardLocks.MOST_CARDS_ONE_BY_ONE && !c.equals(out)) {
          many.add(c);
        }
      }
    }
    assertEquals(CardLocks.MOST_CARDS_ONE_BY_ONE + 1, many.size());
    return many;
  }

  /** A transaction on another thread holding the locks of {@code cards} until closed. */
  private HeldLocks hold(Set<String> cards) throws InterruptedException {
    return HeldLocks.hold(testDb.db, cards);
  }

  /** Takes the locks of {@code cards} in a transaction that gives up after {@code millis} of waiting. */
  private void lockWithin(Set<String> cards, int millis) {
    testDb.db.transaction(sql -> {
      sql.update("SET LOCAL lock_timeout = " + millis);
      CardLocks.lock(sql, cards);
      return null;
    });
  }

  private void assertWaits(Set<String> cards) {
    DataAccessException e = assertThrows(DataAccessException.class, () -> lockWithin(cards, 300));
    assertEquals(LOCK_NOT_AVAILABLE, sqlState(e), e::toString);
  }

  private static String sqlState(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }
}
