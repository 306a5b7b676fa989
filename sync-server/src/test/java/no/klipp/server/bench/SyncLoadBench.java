package no.klipp.server.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import no.klipp.protocol.bench.BenchReport;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import no.klipp.server.terminal.Registration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 500 terminals syncing at the same moment: each uploads a few visits and asks for its ledger
 * delta. The latency of one terminal's sync round (upload + delta) is measured.
 */
@Tag("bench")
class SyncLoadBench {

  static final int TERMINALS = 500;
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  static final int VENUES = 50;
  /**
   * Rounds before the measured ones: the server's JIT and caches warm up, as in a server that has
   * run for a while. The JIT goes on compiling the request path for many bursts yet: after ten
   * warm-up rounds its compiler thread still worked half a millisecond per sync in the measured
   * bursts, on one of the two cores they were measured on (a third of their CPU); it was quiet only
   * after 70 to 90, and then not always for good. So the warm-up lasts until {@value #QUIET_BURSTS}
   * bursts in a row after the table statistics saw the JIT compile for at most
   * {@code SETTLED_JIT_SHARE} of their CPU time: at least {@code MIN_WARMUP_ROUNDS} rounds
   * ({@code -Dwarmup}) and at most {@code MAX_WARMUP_ROUNDS} ({@code -DmaxWarmup}). The measured
   * bursts report what compiling is left ({@code jit_ms_per_round}).
   */
  static final int MIN_WARMUP_ROUNDS = Integer.getInteger("warmup", 10);
  static final int MAX_WARMUP_ROUNDS = Integer.getInteger("maxWarmup", 200);
  static final int QUIET_BURSTS = 10;
  static final double SETTLED_JIT_SHARE = 0.03;
  /**
   * Bursts measured: ten, so that p99 is read from 5,000 rounds and the CPU per round is the median
   * of ten bursts (with three, one slow burst of this shared machine moved the figures by a third).
   */
  static final int MEASURED_ROUNDS = Integer.getInteger("measured", 10);
  /** The last round spreads the terminals over this many milliseconds, as timers with jitter would. */
  static final int SPREAD_MS = 10_000;
  static final int VISITS_PER_SYNC = 3;
  /**
   * Time between two rounds on the server's clock: a terminal asks for changes every 3 minutes
   * (the terminal's default pull interval), so that is how far apart its syncs are.
   */
  static final Duration BETWEEN_ROUNDS = Duration.ofMinutes(3);

  static final Dialect DIALECT = Dialect.valueOf(System.getProperty("dialect", "POSTGRESQL"));
  /**
   * A sync round as a terminal makes it: one upload asking for the ledger changes too. With
   * {@code -Dround=two}, the upload and a delta request apart, as terminals did before.
   */
  static final boolean ONE_REQUEST = !"two".equals(System.getProperty("round"));

  @Test
  void syncLoad() throws Exception {
    double[] noDatabase;
    double[] noDatabaseCpu;
    List<double[]> burstCpu = new ArrayList<>();
    List<Double> busy = new ArrayList<>();
    // The simulated terminals' own CPU in the measured bursts (their threads'), part of the JVM's.
    LongAdder clientCpu = new LongAdder();
    List<Double> clientsCpu = new ArrayList<>();
    int warmupRounds;
    try (TestServer ts = new TestServer(DIALECT, 10)) {
      World w = new World(ts, "Fylke");
      List<String> cards = BenchData.cards(ts.testDb.db, w.scheme.id(), 5_000, 4);
      List<EnrollResponse> terminals = new ArrayList<>();
      List<String> offers = new ArrayList<>();
      for (int v = 0; v < VENUES; v++) {
        String venue = ts.server.venues.create(w.scheme.id(),
            new no.klipp.server.venue.VenueRequest("Sted " + v, no.klipp.server.venue.Category.POOL)).id();
        offers.add(ts.server.offers.create(venue, new no.klipp.server.offer.OfferRequest("Inngang", 5, null, 1, null,
            null, null, null, 0L, 100, false)).id());
        for (int t = 0; t < TERMINALS / VENUES; t++) {
          // Staffed, as every terminal was before the flag: the figures stay comparable with earlier runs.
          Registration r = ts.server.terminals.register(venue, "T" + t, true);
          terminals.add(ts.server.terminals.enroll(new EnrollRequest(r.enrollmentCode(), "bench")));
        }
      }
      String cursor = ts.client.get(ApiPaths.LEDGER_SNAPSHOT, terminals.getFirst().token())
          .as(LedgerSnapshot.class).cursor();
      // Each terminal with its own kept-alive connection, asking for gzip as the terminals' OkHttp
      // client does, but through a client with next to no CPU of its own (LoadClient): real
      // terminals bring their own CPUs, and 500 OkHttp clients here took a fifth of the machine.
      List<LoadClient> clients = new ArrayList<>();
      for (int i = 0; i < TERMINALS; i++) {
        clients.add(new LoadClient("127.0.0.1", ts.server.http.port()));
      }
      Random random = new Random(5);
      long[] sequence = new long[TERMINALS];
      // Each terminal asks for the changes after its own last answer, as a real one does (the
      // cursor moves on; the first comes from a snapshot).
      String[] cursors = new String[TERMINALS];
      java.util.Arrays.fill(cursors, cursor);
      List<Double> samples = new ArrayList<>();
      List<Double> spread = new ArrayList<>();
      // A platform thread per terminal, scheduled by the kernel as each terminal's own CPU would run
      // it. On virtual threads the clients queued in the JVM's one scheduler in front of the
      // server's handlers (Jetty runs them on virtual threads too), which no real terminal does:
      // the same bursts ran with median 231-258 ms instead of 113-143, p99 366-393 instead of
      // 272-313, and the /health floor p99 125-156 ms instead of 25-78, at the same CPU per round.
      try (ExecutorService pool = Executors.newFixedThreadPool(TERMINALS)) {
        // The first measured round, once the warm-up has ended; then the measured ones, then one spread.
        int firstMeasured = -1;
        int quietBursts = 0;
        for (int round = 0; firstMeasured < 0 || round <= firstMeasured + MEASURED_ROUNDS; round++) {
          boolean measured = firstMeasured >= 0 && round < firstMeasured + MEASURED_ROUNDS;
          boolean steady = firstMeasured >= 0 && round == firstMeasured + MEASURED_ROUNDS;
          if (round == MIN_WARMUP_ROUNDS) {
            // A server that has run for a while has table statistics (autovacuum gathers them within
            // a minute of a table growing); this one's were taken while the tables were empty. Taken
            // during the warm-up, so that the JIT settles on the plans they bring.
            ts.testDb.db.transaction(sql -> sql.update("ANALYZE"));
          }
          ts.clock.advance(BETWEEN_ROUNDS);
          // What a server does in the 3 minutes between two rounds, done before the next: the statistics
          // fold waits for uploads to pause 2 s (at most 10 s), which these back-to-back rounds never
          // did, so every tenth second's fold of some 45,000 visits landed inside a measured burst.
          ts.server.statsFolder.foldAll();
          List<byte[]> bodies = new ArrayList<>();
          for (int i = 0; i < TERMINALS; i++) {
            EnrollResponse t = terminals.get(i);
            bodies.add(Client.MAPPER.writeValueAsBytes(new VisitBatch(t.terminalId(), BenchData.visits(t.terminalId(),
                t.venueId(), offers.get(i / (TERMINALS / VENUES)), cards, sequence[i] + 1, VISITS_PER_SYNC,
                ts.clock.instant().minusSeconds(60), random), null)));
            sequence[i] += VISITS_PER_SYNC;
          }
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Double>> futures = new ArrayList<>();
          for (int i = 0; i < TERMINALS; i++) {
            int terminal = i;
            EnrollResponse t = terminals.get(i);
            byte[] body = bodies.get(i);
            long delay = steady ? random.nextInt(SPREAD_MS) : 0;
            futures.add(pool.submit(() -> {
              go.await();
              Thread.sleep(delay);
              long t0 = System.nanoTime();
              long cpu = THREADS.getCurrentThreadCpuTime();
              LoadClient client = clients.get(terminal);
              int upStatus = 200;
              String next = cursors[terminal];
              int deltaStatus = 200;
              if (ONE_REQUEST) {
                LoadClient.Answer up = client.post(ApiPaths.VISITS + "?" + ApiPaths.DELTA_SINCE + "=" + next, t.token(),
                    body);
                upStatus = up.status();
                next = upStatus == 200 ? cursorOf(up.body(), true) : null;
              } else {
                if (!"delta".equals(System.getProperty("only"))) {
                  upStatus = client.post(ApiPaths.VISITS, t.token(), body).status();
                }
                if (!"up".equals(System.getProperty("only"))) {
                  LoadClient.Answer delta = client.get(ApiPaths.LEDGER_DELTA + "?since=" + next, t.token());
                  deltaStatus = delta.status();
                  next = deltaStatus == 200 ? cursorOf(delta.body(), false) : null;
                }
              }
              double took = (System.nanoTime() - t0) / 1e6;
              if (upStatus != 200 || deltaStatus != 200) {
                throw new AssertionError(upStatus + " / " + deltaStatus);
              }
              cursors[terminal] = next;
              clientCpu.add(THREADS.getCurrentThreadCpuTime() - cpu);
              return took;
            }));
          }
          clientCpu.reset();
          CpuUse cpu0 = CpuUse.now();
          long wall0 = System.nanoTime();
          go.countDown();
          for (Future<Double> f : futures) {
            double ms = f.get();
            if (steady) {
              spread.add(ms);
            } else if (measured) {
              samples.add(ms);
            }
          }
          double[] used = CpuUse.between(cpu0, CpuUse.now());
          if (measured) {
            burstCpu.add(used);
            clientsCpu.add(clientCpu.sum() / 1e6);
            busy.add(used[0] / ((System.nanoTime() - wall0) / 1e6 * Runtime.getRuntime().availableProcessors()));
          } else if (!steady) {
            quietBursts = round >= MIN_WARMUP_ROUNDS && used[3] <= SETTLED_JIT_SHARE * used[0] ? quietBursts + 1 : 0;
            if (quietBursts >= QUIET_BURSTS || round + 1 >= MAX_WARMUP_ROUNDS) {
              firstMeasured = round + 1;
            }
          }
        }
        warmupRounds = firstMeasured;
        CpuUse c0 = CpuUse.now();
        noDatabase = burst(pool, clients, "/api/v1/health");
        noDatabaseCpu = CpuUse.between(c0, CpuUse.now());
      }
      double[] ms = samples.stream().mapToDouble(Double::doubleValue).toArray();
      BenchReport.named("sync-load", "ms")
          .value(BenchReport.median(ms))
          .p99(BenchReport.quantile(ms, 0.99))
          .figure("p95", BenchReport.quantile(ms, 0.95))
          .figure("max", BenchReport.quantile(ms, 1.0))
          .figure("cpu_ms_per_round_machine", median(burstCpu, 0) / TERMINALS)
          .figure("cpu_ms_per_round_jvm", median(burstCpu, 1) / TERMINALS)
          .figure("cpu_ms_per_round_postgres", median(burstCpu, 2) / TERMINALS)
          .figure("cpu_ms_per_round_clients", BenchReport.median(clientsCpu.stream().mapToDouble(Double::doubleValue)
              .toArray()) / TERMINALS)
          .figure("jit_ms_per_round", median(burstCpu, 3) / TERMINALS)
          .figure("cpu_busy_share", BenchReport.median(busy.stream().mapToDouble(Double::doubleValue).toArray()))
          .figure("no_database_cpu_ms_per_client_machine", noDatabaseCpu[0] / TERMINALS)
          .figure("no_database_median", BenchReport.median(noDatabase))
          .figure("no_database_p99", BenchReport.quantile(noDatabase, 0.99))
          .figure("spread_median", BenchReport.median(spread.stream().mapToDouble(Double::doubleValue).toArray()))
          .figure("spread_p99", BenchReport.quantile(spread.stream().mapToDouble(Double::doubleValue).toArray(), 0.99))
          .param("spread_ms", SPREAD_MS)
          .param("terminals", TERMINALS)
          .param("venues", VENUES)
          .param("rounds_warmup", warmupRounds)
          .param("warmup", "until " + QUIET_BURSTS + " bursts in a row saw the JIT compile for at most "
              + Math.round(SETTLED_JIT_SHARE * 100) + " % of their CPU time (at least " + MIN_WARMUP_ROUNDS
              + " rounds, at most " + MAX_WARMUP_ROUNDS + ")")
          .param("rounds_measured", MEASURED_ROUNDS)
          .param("visits_per_upload", VISITS_PER_SYNC)
          .param("dialect", DIALECT.name())
          .param("requests_per_round", ONE_REQUEST ? 1 : 2)
          .param("measured", "one sync round per terminal: POST visits asking for the ledger delta after its cursor (round=two: POST visits, then GET delta); value/p99: all terminals released at once;"
              + " spread_*: one more round with each terminal starting at a random moment within spread_ms;"
              + " no_database_*: the same 500 clients at once, each calling GET /api/v1/health once per request of a round (HTTP alone, this"
              + " harness's floor); every terminal asks for the changes after its own last cursor; the server's clock moves"
              + " on 3 minutes (the terminals' pull interval) between rounds, the statistics fold of a round's visits is"
              + " run before the next (a running server folds 2 s after uploads pause), and table statistics are taken after the"
              + " warm-up rounds, as autovacuum does on a running server; cpu_ms_per_round_*: CPU time of the whole"
              + " machine (server, PostgreSQL and these clients) and of this JVM (server and clients) per sync round in"
              + " the bursts (clients: the simulated terminals' threads alone; postgres: its processes, which are gone when a"
              + " connection closes, so only those alive throughout);"
              + " jit_ms_per_round: the JIT compilers' time per sync round in the measured bursts (0 once warm);"
              + " cpu_busy_share: the share of all the machine's cores busy during a burst (median of the bursts);"
              + " clients: one kept-alive HTTP/1.1 connection per terminal asking for gzip, through a"
              + " client of next to no CPU (LoadClient), since real terminals bring their own, each on a platform thread")
          .write();
    }
  }

  /**
   * The cursor of a delta, or of the delta in an upload's acknowledgement ({@code inAck}), read
   * without binding the rest: a terminal reads its answer on its own CPU, not the server's.
   */
  private static String cursorOf(byte[] answer, boolean inAck) throws java.io.IOException {
    try (com.fasterxml.jackson.core.JsonParser p = Client.MAPPER.getFactory().createParser(answer)) {
      p.nextToken();
      if (inAck && !into(p, "delta")) {
        throw new AssertionError("an acknowledgement without the delta asked for: " + new String(answer,
            java.nio.charset.StandardCharsets.UTF_8));
      }
      if (into(p, "cursor")) {
        return p.getText();
      }
    }
    throw new AssertionError("a delta without a cursor");
  }

  /** Moves {@code p}, inside an object, onto the value of its field {@code name}; false when it has none. */
  private static boolean into(com.fasterxml.jackson.core.JsonParser p, String name) throws java.io.IOException {
    while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
      boolean found = name.equals(p.currentName());
      p.nextToken();
      if (found) {
        return true;
      }
      p.skipChildren();
    }
    return false;
  }

  private static double median(List<double[]> rows, int column) {
    return BenchReport.median(rows.stream().mapToDouble(r -> r[column]).toArray());
  }

  /**
   * CPU time used so far by the whole machine (from /proc/stat), by this JVM and by PostgreSQL, and
   * the JIT compilers' time in this JVM, in milliseconds.
   */
  private record CpuUse(double machineMs, double jvmMs, double postgresMs, double jitMs) {

    static CpuUse now() throws java.io.IOException {
      String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst().trim()
          .split("\\s+");
      // user, nice, system, irq, softirq; in clock ticks of 10 ms
      long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
          + Long.parseLong(f[7]);
      long jvmNanos = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
          .getOperatingSystemMXBean()).getProcessCpuTime();
      return new CpuUse(ticks * 10.0, jvmNanos / 1e6, postgresTicks() * 10.0,
          BenchReport.jitMillis());
    }

    /** User and system clock ticks of every PostgreSQL process (comm "postgres") on the machine. */
    private static long postgresTicks() throws java.io.IOException {
      long ticks = 0;
      try (java.nio.file.DirectoryStream<java.nio.file.Path> procs =
          java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc"), "[0-9]*")) {
        for (java.nio.file.Path proc : procs) {
          String stat;
          try {
            stat = java.nio.file.Files.readString(proc.resolve("stat"));
          } catch (java.io.IOException gone) {
            continue;
          }
          int close = stat.lastIndexOf(')');
          if (close < 0 || !stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
            continue;
          }
          String[] f = stat.substring(close + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        }
      }
      return ticks;
    }

    /** Machine, JVM, PostgreSQL and JIT milliseconds used from {@code a} to {@code b}. */
    static double[] between(CpuUse a, CpuUse b) {
      return new double[] {b.machineMs() - a.machineMs(), b.jvmMs() - a.jvmMs(), b.postgresMs() - a.postgresMs(),
          b.jitMs() - a.jitMs()};
    }
  }

  /**
   * The same burst of clients at once, each calling {@code path} as many times as a round makes
   * requests; the milliseconds each client took.
   */
  private static double[] burst(ExecutorService pool, List<LoadClient> clients, String path) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Double>> futures = new ArrayList<>();
    for (int i = 0; i < TERMINALS; i++) {
      LoadClient client = clients.get(i);
      futures.add(pool.submit(() -> {
        go.await();
        long t0 = System.nanoTime();
        for (int call = 0; call < (ONE_REQUEST ? 1 : 2); call++) {
          int status = client.get(path, null).status();
          if (status != 200) {
            throw new AssertionError(path + ": " + status);
          }
        }
        return (System.nanoTime() - t0) / 1e6;
      }));
    }
    go.countDown();
    double[] out = new double[TERMINALS];
    for (int i = 0; i < TERMINALS; i++) {
      out[i] = futures.get(i).get();
    }
    return out;
  }
}
