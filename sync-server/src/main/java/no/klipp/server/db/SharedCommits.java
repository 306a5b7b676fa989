package no.klipp.server.db;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small units of work (a terminal's upload) that arrive together share a transaction: a few
 * worker threads each take the units waiting, run them one after another on one connection and
 * commit once. When many terminals sync at the same moment this saves most commits (each waits
 * for the disk) and most waits for a pooled connection; a lone unit runs at once in its own
 * transaction, as before.
 *
 * <p>Each unit's result is what it would have been alone: units are run in turn, each seeing the
 * ones before it, as if they had committed one after another. Two units with the same key (the
 * same terminal) never share a group, and a group runs its units in key order, so groups lock rows
 * in one order. If a group fails, nothing of it is kept, and each of its units runs again in a
 * transaction of its own, so one unit's failure is its own and answers only its caller.
 */
public final class SharedCommits<I, O> implements AutoCloseable {

  /** One unit of work inside a transaction. */
  @FunctionalInterface
  public interface Unit<I, O> {
    O run(Sql sql, I input) throws SQLException;
  }

  /**
   * Runs first in every transaction, given all the inputs it will run (one when a unit runs alone):
   * e.g. to take the locks the units need in one fixed order, so that two transactions whose units
   * came in different orders cannot deadlock.
   */
  @FunctionalInterface
  public interface Start<I> {
    void run(Sql sql, List<I> inputs) throws SQLException;

    /** Nothing to do first. */
    static <I> Start<I> none() {
      return (sql, inputs) -> {};
    }
  }

  private static final Logger log = LoggerFactory.getLogger(SharedCommits.class);
  /** Most units in one transaction: the first of them waits for all the others to be done. */
  static final int MAX_UNITS = 50;

  private record Pending<I, O>(I input, Object key, int weight, CompletableFuture<O> result) {}

  private final Database db;
  private final Unit<I, O> unit;
  private final Start<I> start;
  private final Function<I, ?> key;
  private final Comparator<Object> keyOrder;
  private final ToIntFunction<I> weight;
  private final int maxWeight;
  private final ArrayDeque<Pending<I, O>> waiting = new ArrayDeque<>();
  private final List<Thread> workers = new ArrayList<>();
  private boolean closed;

  /**
   * {@code workers} transactions at most at a time; a group holds units of total {@code weight}
   * up to {@code maxWeight} (a unit heavier than that runs alone). {@code key} must be comparable.
   */
  public SharedCommits(String name, Database db, int workers, Function<I, ? extends Comparable<?>> key,
      ToIntFunction<I> weight, int maxWeight, Unit<I, O> unit) {
    this(name, db, workers, key, weight, maxWeight, Start.none(), unit);
  }

  /** As above, with {@code start} run first in every transaction. */
  @SuppressWarnings("unchecked")
  public SharedCommits(String name, Database db, int workers, Function<I, ? extends Comparable<?>> key,
      ToIntFunction<I> weight, int maxWeight, Start<I> start, Unit<I, O> unit) {
    this.db = db;
    this.unit = unit;
    this.start = start;
    this.key = key;
    this.keyOrder = (a, b) -> ((Comparable<Object>) a).compareTo(b);
    this.weight = weight;
    this.maxWeight = maxWeight;
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(this::work, name + "-" + i);
      t.setDaemon(true);
      t.start();
      this.workers.add(t);
    }
  }

  /** Runs {@code input} in a transaction (perhaps shared) and answers its result, or throws its failure. */
  public O run(I input) {
    Pending<I, O> p = new Pending<>(input, key.apply(input), weight.applyAsInt(input), new CompletableFuture<>());
    synchronized (waiting) {
      if (closed) {
        throw new IllegalStateException("closed");
      }
      waiting.add(p);
      waiting.notify();
    }
    try {
      return p.result().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private void work() {
    while (true) {
      List<Pending<I, O>> group;
      try {
        group = take();
      } catch (InterruptedException e) {
        return;
      }
      if (group == null) {
        return;
      }
      try {
        runGroup(group);
      } catch (Throwable t) {
        // Never lose a caller: whatever went wrong is its answer.
        for (Pending<I, O> p : group) {
          p.result().completeExceptionally(t);
        }
      }
    }
  }

  /** The next group, oldest first; null once closed. */
  private List<Pending<I, O>> take() throws InterruptedException {
    synchronized (waiting) {
      while (waiting.isEmpty() && !closed) {
        waiting.wait();
      }
      if (closed) {
        return null;
      }
      List<Pending<I, O>> group = new ArrayList<>();
      Set<Object> keys = new HashSet<>();
      int total = 0;
      for (Iterator<Pending<I, O>> it = waiting.iterator(); it.hasNext(); ) {
        Pending<I, O> p = it.next();
        if (!group.isEmpty() && (total + p.weight() > maxWeight || group.size() == MAX_UNITS)) {
          break;
        }
        if (keys.add(p.key())) {
          group.add(p);
          total += p.weight();
          it.remove();
        }
      }
      if (!waiting.isEmpty()) {
        waiting.notify(); // what this group left (a terminal's second upload) is for another worker
      }
      group.sort((a, b) -> keyOrder.compare(a.key(), b.key()));
      return group;
    }
  }

  private void runGroup(List<Pending<I, O>> group) {
    if (group.size() > 1) {
      try {
        List<O> results = db.transaction(sql -> {
          start.run(sql, group.stream().map(Pending::input).toList());
          List<O> out = new ArrayList<>(group.size());
          for (Pending<I, O> p : group) {
            out.add(unit.run(sql, p.input()));
          }
          return out;
        });
        for (int i = 0; i < group.size(); i++) {
          group.get(i).result().complete(results.get(i));
        }
        return;
      } catch (RuntimeException e) {
        log.debug("A shared transaction of {} failed; running each alone: {}", group.size(), e.toString());
      }
    }
    for (Pending<I, O> p : group) {
      try {
        p.result().complete(db.transaction(sql -> {
          start.run(sql, List.of(p.input()));
          return unit.run(sql, p.input());
        }));
      } catch (RuntimeException e) {
        p.result().completeExceptionally(e);
      }
    }
  }

  /** Stops the workers once the units already taken are done; units still waiting fail. */
  @Override
  public void close() {
    synchronized (waiting) {
      closed = true;
      for (Pending<I, O> p : waiting) {
        p.result().completeExceptionally(new IllegalStateException("closed"));
      }
      waiting.clear();
      waiting.notifyAll();
    }
  }
}
