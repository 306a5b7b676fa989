package no.klipp.server.stats;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.Database;
import no.klipp.server.db.Dialect;
import no.klipp.server.db.Sql;
import no.klipp.server.visit.StoredVisits;
import no.klipp.server.visit.VisitColumns;
import no.klipp.server.visit.VisitRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the statistics off the upload path. Ingest only notes the ids of newly stored visits in
 * {@code stats_pending} (inside its own transaction); this folds them into the statistics tables
 * with {@link StatsRecorder}, a chunk at a time, adding and deleting a chunk in ONE transaction, so
 * a visit is counted exactly once even when a fold fails half-way. Folds run on a background
 * thread shortly after uploads and are run to the end before the statistics are read, so every
 * page is exact.
 */
public final class StatsFolder implements StoredVisits, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatsFolder.class);
  /** Pending visits folded per transaction: big enough that counts of a card or day merge, small enough to be short. */
  static final int FOLD_CHUNK = 10_000;
  /** On SQLite a fold holds the one write lock, so uploads wait for it: shorter folds, shorter waits. */
  static final int FOLD_CHUNK_SQLITE = 2000;
  /** Ids per statement when reading visits and deleting pending rows. */
  private static final int ID_CHUNK = 2000;
  /**
   * Advisory lock key serialising folders of all server instances on one PostgreSQL database, and
   * their first builds of the statistics ({@link StatsRecorder#buildOnce}) ("KLSTATS").
   */
  static final long LOCK_KEY = 0x4B4C5354415453L;

  private final Database db;
  private final StoredVisits recorder;
  private final Duration delay;
  private final Duration maxDelay;
  private volatile long lastSignal;
  private volatile long firstSignal;
  private volatile long lastFoldStart = System.nanoTime();
  private final ScheduledExecutorService background;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** Folds of this instance queue here; on PostgreSQL the advisory lock also covers other instances. */
  private final Object folding = new Object();

  /**
   * A folder adding visits with {@code recorder} (a {@link StatsRecorder}) on a background thread:
   * when uploads pause for {@code delay}, at the latest {@code maxDelay} after an upload, and every {@code tick}.
   */
  public StatsFolder(Database db, StoredVisits recorder, Duration delay, Duration maxDelay, Duration tick) {
    this.db = db;
    this.recorder = recorder;
    this.delay = delay;
    this.maxDelay = maxDelay;
    this.background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stats-folder");
      t.setDaemon(true);
      return t;
    });
    // The tick is a safety net (a failed fold, another instance's uploads): while a signalled fold
    // is waiting for uploads to pause, it leaves the burst alone.
    background.scheduleWithFixedDelay(() -> {
      if (!scheduled.get()) {
        foldQuietly();
      }
    }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Notes the visits a batch stored, in one row; called inside the ingest transaction. */
  @Override
  public void stored(Sql sql, List<VisitRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    // In upload order: a void is folded after the admission it voids.
    StringBuilder ids = new StringBuilder(rows.size() * 37);
    for (VisitRow row : rows) {
      ids.append(ids.isEmpty() ? "" : ",").append(row.visit().id());
    }
    sql.update("INSERT INTO stats_pending (visit_ids, visits) VALUES (?, ?)", ids.toString(), rows.size());
  }

  /**
   * A void folded before its admission arrived took nothing back (the recorder found no admission):
   * it is noted again, after the batch that brought the admission, so the next fold takes it back.
   * One still waiting to be folded is left alone: that fold runs after this transaction and finds the
   * admission. On PostgreSQL the folders' lock is taken first, so no fold is half-way through it.
   */
  @Override
  public void placed(Sql sql, List<VisitRow> corrections) throws SQLException {
    List<VisitRow> voids = new ArrayList<>();
    for (VisitRow row : corrections) {
      if (row.visit().kind() == VisitKind.VOID) {
        voids.add(row);
      }
    }
    if (voids.isEmpty()) {
      return;
    }
    if (sql.dialect() == Dialect.POSTGRESQL) {
      sql.list("SELECT pg_advisory_xact_lock(?)", r -> null, LOCK_KEY);
    }
    List<VisitRow> folded = new ArrayList<>();
    for (VisitRow v : voids) {
      boolean pending = sql.one("SELECT seq FROM stats_pending WHERE visit_ids LIKE ?", r -> r.longValue("seq"),
          "%" + v.visit().id() + "%").isPresent();
      if (!pending) {
        folded.add(v);
      }
    }
    stored(sql, folded);
  }

  /** The noted visits are committed: a fold started now sees them. */
  @Override
  public void committed() {
    signal();
  }

  /**
   * Asks for a fold once uploads pause for {@code delay} (at most {@code maxDelay} after the first
   * unfolded upload), so a burst of batches is folded together and does not compete with itself.
   */
  public void signal() {
    long now = System.nanoTime();
    lastSignal = now;
    if (scheduled.compareAndSet(false, true)) {
      firstSignal = now;
      schedule(delay.toNanos());
    }
  }

  private void schedule(long nanos) {
    try {
      background.schedule(this::foldWhenQuiet, nanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      scheduled.set(false); // closed: the next read folds
    }
  }

  private void foldWhenQuiet() {
    long now = System.nanoTime();
    long quietFor = now - lastSignal;
    // Uploads signalled before the last fold started were folded by it: wait counts from after.
    long waited = now - Math.max(firstSignal, lastFoldStart);
    if (quietFor < delay.toNanos() && waited < maxDelay.toNanos()) {
      schedule(Math.min(delay.toNanos() - quietFor, maxDelay.toNanos() - waited));
      return;
    }
    scheduled.set(false);
    foldQuietly();
  }

  /** Folds every pending visit; answers how many were folded. Run before reading the statistics. */
  public long foldAll() {
    lastFoldStart = System.nanoTime();
    long total = 0;
    for (int n = foldChunk(); n > 0; n = foldChunk()) {
      total += n;
    }
    return total;
  }

  /** Folds at most one chunk of pending visits in one transaction; answers how many. */
  public int foldChunk() {
    synchronized (folding) {
      return db.transaction(this::foldChunk);
    }
  }

  private int foldChunk(Sql sql) throws SQLException {
    if (sql.dialect() == Dialect.POSTGRESQL) {
      sql.list("SELECT pg_advisory_xact_lock(?)", r -> null, LOCK_KEY);
    }
    int chunk = sql.dialect() == Dialect.SQLITE ? FOLD_CHUNK_SQLITE : FOLD_CHUNK;
    List<Long> seqs = new ArrayList<>();
    List<UUID> ids = new ArrayList<>();
    // Whole uploads, oldest first, while they fit in the chunk; the first one is split if it alone
    // is bigger (its row keeps the rest, under the same seq, so the order holds).
    List<long[]> heads = sql.list("SELECT seq, visits FROM stats_pending ORDER BY seq LIMIT ?",
        r -> new long[] {r.longValue("seq"), r.longValue("visits")}, chunk);
    long taken = 0;
    for (long[] head : heads) {
      if (taken + head[1] > chunk) {
        break;
      }
      seqs.add(head[0]);
      taken += head[1];
    }
    if (seqs.isEmpty() && !heads.isEmpty()) {
      long seq = heads.getFirst()[0];
      String[] texts = sql.one("SELECT visit_ids FROM stats_pending WHERE seq = ?", r -> r.string("visit_ids"), seq)
          .orElseThrow().split(",");
      for (int i = 0; i < chunk; i++) {
        ids.add(UUID.fromString(texts[i]));
      }
      sql.update("UPDATE stats_pending SET visit_ids = ?, visits = ? WHERE seq = ?",
          String.join(",", java.util.Arrays.asList(texts).subList(chunk, texts.length)), texts.length - chunk, seq);
    }
    for (int i = 0; i < seqs.size(); i += ID_CHUNK) {
      Sql.In in = sql.in("seq", seqs.subList(i, Math.min(seqs.size(), i + ID_CHUNK)), "bigint");
      for (String text : sql.list("SELECT visit_ids FROM stats_pending WHERE " + in.sql() + " ORDER BY seq",
          r -> r.string("visit_ids"), in.args())) {
        for (String id : text.split(",")) {
          ids.add(UUID.fromString(id));
        }
      }
    }
    if (ids.isEmpty()) {
      return 0;
    }
    Map<UUID, VisitRow> byId = new HashMap<>();
    for (int i = 0; i < ids.size(); i += ID_CHUNK) {
      Sql.In in = sql.in("id", ids.subList(i, Math.min(ids.size(), i + ID_CHUNK)), "uuid");
      for (VisitRow row : sql.list("SELECT " + VisitColumns.COLUMNS + " FROM visit WHERE " + in.sql(),
          VisitColumns::row, in.args())) {
        byId.put(row.visit().id(), row);
      }
    }
    List<VisitRow> rows = new ArrayList<>(ids.size());
    for (UUID id : ids) {
      VisitRow row = byId.get(id);
      if (row != null) {
        rows.add(row);
      }
    }
    for (int i = 0; i < seqs.size(); i += ID_CHUNK) {
      Sql.In in = sql.in("seq", seqs.subList(i, Math.min(seqs.size(), i + ID_CHUNK)), "bigint");
      sql.update("DELETE FROM stats_pending WHERE " + in.sql(), in.args());
    }
    recorder.stored(sql, rows);
    log.debug("Folded {} visits into the statistics", rows.size());
    return ids.size();
  }

  private void foldQuietly() {
    try {
      foldAll();
    } catch (RuntimeException e) {
      // Nothing is lost: the chunk rolled back and stays pending for the next fold or read.
      log.warn("Folding visits into the statistics failed; will retry: {}", e.toString());
    }
  }

  /** Stops the background thread (a fold in progress finishes or rolls back). */
  @Override
  public void close() {
    background.shutdownNow();
  }
}
