package no.klipp.server.support;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import no.klipp.server.db.Database;
import no.klipp.server.visit.CardLocks;

/**
 * A transaction on a thread of its own holding what a long upload holds until closed: the upload
 * locks of some keys (cards, {@code offer:<id>}) on PostgreSQL, the write lock on SQLite.
 */
public final class HeldLocks implements AutoCloseable {

  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final Future<?> done;

  private HeldLocks(Database db, Set<String> keys) throws InterruptedException {
    CountDownLatch held = new CountDownLatch(1);
    done = thread.submit(() -> db.transaction(sql -> {
      CardLocks.lock(sql, keys);
      held.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }));
    if (!held.await(10, TimeUnit.SECONDS)) {
      close();
      throw new AssertionError("the holding transaction took no locks within 10 s");
    }
  }

  /** Holds the locks of {@code keys} once they are taken. */
  public static HeldLocks hold(Database db, Set<String> keys) throws InterruptedException {
    return new HeldLocks(db, keys);
  }

  /** Ends the transaction and waits for it (its failure, if any, is thrown). */
  @Override
  public void close() {
    release.countDown();
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the holding transaction failed", e);
    } finally {
      thread.shutdownNow();
    }
  }
}
