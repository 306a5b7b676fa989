package no.klipp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import no.klipp.server.support.TestDb;
import no.klipp.server.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Units that arrive together share a transaction, yet each one's outcome is its own. */
@ParameterizedClass
@EnumSource(Dialect.class)
class SharedCommitsTest {

  /** A unit: note {@code id} in a table (or fail, as a client's mistake), answer the transaction it ran in. */
  record Note(String key, UUID id, boolean fail) {}

  @Parameter
  Dialect dialect;

  TestDb t;
  SharedCommits<Note, Integer> commits;
  final CountDownLatch hold = new CountDownLatch(1);
  final CountDownLatch holding = new CountDownLatch(1);
  final ExecutorService callers = Executors.newCachedThreadPool();
  /** The keys each transaction's start was given, by transaction. */
  final Map<Integer, List<String>> started = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() {
    t = TestDb.fresh(dialect);
    t.db.transaction(sql -> sql.update("CREATE TABLE note (id TEXT NOT NULL)"));
    // One worker: while it is held by the first unit, the others wait and then run as groups.
    commits = new SharedCommits<>("test", t.db, 1, Note::key, n -> 1, 100,
        (sql, notes) -> started.put(System.identityHashCode(sql), notes.stream().map(Note::key).toList()),
        (sql, n) -> {
      assertTrue(started.get(System.identityHashCode(sql)).contains(n.key()), "the start ran first, given this unit");
      if (n.key().equals("first")) {
        holding.countDown();
        await(hold);
      }
      sql.update("INSERT INTO note (id) VALUES (?)", n.id().toString());
      if (n.fail()) {
        throw ApiException.invalid("unit " + n.id() + " is a client's mistake");
      }
      return System.identityHashCode(sql);
    });
  }

  @AfterEach
  void tearDown() {
    commits.close();
    callers.shutdownNow();
    t.close();
  }

  static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  Future<Integer> call(Note n) {
    return callers.submit(() -> commits.run(n));
  }

  long stored(UUID id) {
    return t.db.read(sql -> sql.one("SELECT COUNT(*) AS n FROM note WHERE id = ?",
        r -> r.longValue("n"), id.toString())).orElseThrow();
  }

  /** Starts the first unit and waits until it holds the worker; then queues {@code notes}. */
  List<Future<Integer>> queuedBehindTheFirst(Note... notes) throws Exception {
    Future<Integer> first = call(new Note("first", UUID.randomUUID(), false));
    await(holding);
    List<Future<Integer>> out = new ArrayList<>();
    for (Note n : notes) {
      out.add(call(n));
    }
    Thread.sleep(200); // let every caller queue its unit
    hold.countDown();
    first.get(10, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void unitsWaitingTogetherShareOneTransaction() throws Exception {
    Note a = new Note("a", UUID.randomUUID(), false);
    Note b = new Note("b", UUID.randomUUID(), false);
    Note c = new Note("c", UUID.randomUUID(), false);
    List<Future<Integer>> r = queuedBehindTheFirst(a, b, c);
    int tx = r.getFirst().get(10, TimeUnit.SECONDS);
    assertEquals(tx, r.get(1).get(10, TimeUnit.SECONDS));
    assertEquals(tx, r.get(2).get(10, TimeUnit.SECONDS));
    assertEquals(List.of("a", "b", "c"), started.get(tx), "the start is given the whole group, once");
    for (Note n : List.of(a, b, c)) {
      assertEquals(1, stored(n.id()));
    }
  }

  @Test
  void oneUnitsFailureIsOnlyItsOwnAndNothingIsStoredTwice() throws Exception {
    Note good = new Note("a", UUID.randomUUID(), false);
    Note bad = new Note("b", UUID.randomUUID(), true);
    Note alsoGood = new Note("c", UUID.randomUUID(), false);
    List<Future<Integer>> r = queuedBehindTheFirst(good, bad, alsoGood);
    r.getFirst().get(10, TimeUnit.SECONDS);
    r.get(2).get(10, TimeUnit.SECONDS);
    Exception e = assertThrows(java.util.concurrent.ExecutionException.class, () -> r.get(1).get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof ApiException, e.toString());
    assertEquals(400, ((ApiException) e.getCause()).status());
    assertEquals(1, stored(good.id()), "the shared transaction rolled back, then the unit ran alone once");
    assertEquals(List.of("a"), started.get(r.getFirst().get(10, TimeUnit.SECONDS)), "alone, it starts alone");
    assertEquals(1, stored(alsoGood.id()));
    assertEquals(0, stored(bad.id()));
  }

  @Test
  void twoUnitsOfOneKeyNeverShareATransaction() throws Exception {
    Note one = new Note("same", UUID.randomUUID(), false);
    Note two = new Note("same", UUID.randomUUID(), false);
    List<Future<Integer>> r = queuedBehindTheFirst(one, two);
    assertNotEquals(r.getFirst().get(10, TimeUnit.SECONDS), r.get(1).get(10, TimeUnit.SECONDS));
    assertEquals(1, stored(one.id()));
    assertEquals(1, stored(two.id()));
  }

  @Test
  void aLoneUnitRunsAtOnce() {
    Note n = new Note("a", UUID.randomUUID(), false);
    hold.countDown();
    commits.run(n);
    assertEquals(1, stored(n.id()));
  }
}
