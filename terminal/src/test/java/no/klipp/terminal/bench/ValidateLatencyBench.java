package no.klipp.terminal.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.protocol.bench.BenchReport;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Checkpointer;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.ValidationConfig;
import no.klipp.terminal.validation.Validator;
import no.klipp.terminal.validation.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * {@code validate-latency}: a QR scan of a card in a 100,000-card ledger to its durable verdict
 * (parse, signature, checks, visit committed with synchronous=FULL). Baseline: one raw SQLite
 * insert + commit with the same settings, in the same directory, interleaved with the scans.
 */
@Tag("bench")
class ValidateLatencyBench {

  static final int CARDS = 100_000;
  // A terminal validates for days: measure it warm. The slowest scans of a first run cluster in its
  // first ~500 (JIT compilation still going on), so the warm-up is 1,000 scans, not measured.
  static final int WARMUP = 1_000;
  static final int SAMPLES = 3_000;
  /** As the agent runs it (terminal's Session). */
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

  @TempDir Path dir;

  @Test
  void validateLatency() throws Exception {
    long importMs = BenchLedger.create(dir.resolve("ledger.db"), CARDS);
    Random random = new Random(11);
    List<String> qr = new ArrayList<>();
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      qr.add(Fixtures.qr(1 + random.nextInt(CARDS)));
    }
    double[] validate = new double[SAMPLES];
    double[] raw = new double[SAMPLES];
    FakeClock clock = new FakeClock(BenchLedger.NOW);
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING);
        Connection baseline = rawConnection(dir.resolve("raw.db"));
        // The same checkpoint policy for both, the agent's: the log is copied back on a thread of its own.
        Checkpointer rawCheckpoints = Checkpointer.start(dir.resolve("raw.db"), CHECKPOINT_INTERVAL)) {
      ledger.checkpointInBackground(CHECKPOINT_INTERVAL);
      ValidationConfig d = ValidationConfig.defaults("bench");
      ValidationConfig config = new ValidationConfig("bench", d.zone(), d.repeatWindow(), d.passbackWindow(),
          d.undoWindow(), Optional.empty(), true, OfflinePolicy.off());
      Validator validator = new Validator(ledger, config, new TimeKeeper(clock, Validator.savedMark(ledger)),
          new Random(3), () -> Optional.of(BenchLedger.NOW));
      PreparedStatement insert = baseline.prepareStatement("INSERT INTO visit (id, card, at) VALUES (?, ?, ?)");
      PreparedStatement commit = baseline.prepareStatement("COMMIT");
      PreparedStatement begin = baseline.prepareStatement("BEGIN IMMEDIATE");
      int admitted = 0;
      for (int i = 0; i < WARMUP + SAMPLES; i++) {
        clock.advance(Duration.ofSeconds(15)); // past the repeat window, as at a real entrance
        long t0 = System.nanoTime();
        Verdict v = validator.validate(new Scan.Qr(qr.get(i)));
        long t1 = System.nanoTime();
        begin.execute();
        insert.setString(1, java.util.UUID.randomUUID().toString());
        insert.setString(2, Fixtures.number(1 + (i % CARDS)));
        insert.setLong(3, clock.millis());
        insert.executeUpdate();
        commit.execute();
        long t2 = System.nanoTime();
        if (v.admitted()) {
          admitted++;
        }
        if (i >= WARMUP) {
          validate[i - WARMUP] = (t1 - t0) / 1e6;
          raw[i - WARMUP] = (t2 - t1) / 1e6;
        }
      }
      double median = BenchReport.median(validate);
      double baseMedian = BenchReport.median(raw);
      BenchReport.named("validate-latency", "ms")
          .value(median)
          .p99(BenchReport.quantile(validate, 0.99))
          .baseline(baseMedian)
          .figure("baseline_p99", BenchReport.quantile(raw, 0.99))
          .figure("p99_ratio", BenchReport.quantile(validate, 0.99) / BenchReport.quantile(raw, 0.99))
          .figure("admitted", admitted)
          .figure("import_ms", importMs)
          .param("cards", CARDS)
        .param("load_average", BenchLedger.loadAverage())
          .param("samples", SAMPLES)
          .param("warmup", WARMUP)
          .param("journal", "WAL, synchronous=FULL, checkpoints every " + CHECKPOINT_INTERVAL.toMillis()
              + " ms on a thread of their own (ledger and baseline alike)")
          .write();
    }
  }

  static Connection rawConnection(Path file) throws Exception {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    Connection c = config.createConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE visit (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, card TEXT NOT NULL, at INTEGER NOT NULL)");
    }
    return c;
  }
}
