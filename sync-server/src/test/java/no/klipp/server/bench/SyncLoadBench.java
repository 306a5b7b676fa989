package no.klipp.server.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
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
  static final int VENUES = 50;
  /** Rounds before the measured ones: the server's JIT and caches warm up, as in a server that has run for a while. */
  static final int WARMUP_ROUNDS = 3;
  static final int MEASURED_ROUNDS = 3;
  /** The last round spreads the terminals over this many milliseconds, as timers with jitter would. */
  static final int SPREAD_MS = 10_000;
  static final int VISITS_PER_SYNC = 3;

  @Test
  void syncLoad() throws Exception {
    double[] noDatabase;
    try (TestServer ts = new TestServer(Dialect.POSTGRESQL, 10)) {
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
          Registration r = ts.server.terminals.register(venue, "T" + t);
          terminals.add(ts.server.terminals.enroll(new EnrollRequest(r.enrollmentCode(), "bench")));
        }
      }
      String cursor = ts.client.get(ApiPaths.LEDGER_SNAPSHOT, terminals.getFirst().token())
          .as(LedgerSnapshot.class).cursor();
      HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
      String base = "http://127.0.0.1:" + ts.server.http.port();
      Random random = new Random(5);
      long[] sequence = new long[TERMINALS];
      // Each terminal asks for the changes after its own last answer, as a real one does (the
      // cursor moves on; the first comes from a snapshot).
      String[] cursors = new String[TERMINALS];
      java.util.Arrays.fill(cursors, cursor);
      List<Double> samples = new ArrayList<>();
      List<Double> spread = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS + 1; round++) {
          boolean steady = round == WARMUP_ROUNDS + MEASURED_ROUNDS;
          List<byte[]> bodies = new ArrayList<>();
          for (int i = 0; i < TERMINALS; i++) {
            EnrollResponse t = terminals.get(i);
            bodies.add(Client.MAPPER.writeValueAsBytes(new VisitBatch(t.terminalId(), BenchData.visits(t.terminalId(),
                t.venueId(), offers.get(i / (TERMINALS / VENUES)), cards, sequence[i] + 1, VISITS_PER_SYNC,
                TestServer.START, random), null)));
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
              HttpResponse<Void> up = http.send(HttpRequest.newBuilder(URI.create(base + ApiPaths.VISITS))
                  .header("Authorization", "Bearer " + t.token()).header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
              HttpResponse<InputStream> delta = http.send(HttpRequest.newBuilder(
                      URI.create(base + ApiPaths.LEDGER_DELTA + "?since=" + cursors[terminal]))
                  .header("Authorization", "Bearer " + t.token()).header("Accept-Encoding", "gzip").GET().build(),
                  HttpResponse.BodyHandlers.ofInputStream());
              String next = nextCursor(delta);
              double took = (System.nanoTime() - t0) / 1e6;
              if (up.statusCode() != 200 || delta.statusCode() != 200) {
                throw new AssertionError(up.statusCode() + " / " + delta.statusCode());
              }
              cursors[terminal] = next;
              return took;
            }));
          }
          go.countDown();
          for (Future<Double> f : futures) {
            double ms = f.get();
            if (steady) {
              spread.add(ms);
            } else if (round >= WARMUP_ROUNDS) {
              samples.add(ms);
            }
          }
        }
        noDatabase = burst(pool, http, base + "/api/v1/health");
      }
      double[] ms = samples.stream().mapToDouble(Double::doubleValue).toArray();
      BenchReport.named("sync-load", "ms")
          .value(BenchReport.median(ms))
          .p99(BenchReport.quantile(ms, 0.99))
          .figure("p95", BenchReport.quantile(ms, 0.95))
          .figure("max", BenchReport.quantile(ms, 1.0))
          .figure("no_database_median", BenchReport.median(noDatabase))
          .figure("no_database_p99", BenchReport.quantile(noDatabase, 0.99))
          .figure("spread_median", BenchReport.median(spread.stream().mapToDouble(Double::doubleValue).toArray()))
          .figure("spread_p99", BenchReport.quantile(spread.stream().mapToDouble(Double::doubleValue).toArray(), 0.99))
          .param("spread_ms", SPREAD_MS)
          .param("terminals", TERMINALS)
          .param("venues", VENUES)
          .param("rounds_warmup", WARMUP_ROUNDS)
          .param("rounds_measured", MEASURED_ROUNDS)
          .param("visits_per_upload", VISITS_PER_SYNC)
          .param("dialect", "POSTGRESQL")
          .param("measured", "one sync round per terminal: POST visits + GET delta; value/p99: all terminals released at once;"
              + " spread_*: one more round with each terminal starting at a random moment within spread_ms;"
              + " no_database_*: the same 500 clients at once, each calling GET /api/v1/health twice (HTTP alone, this"
              + " harness's floor); every terminal asks for the changes after its own last cursor")
          .write();
    }
  }

  /** The cursor of a (maybe gzipped) ledger delta answer. */
  private static String nextCursor(HttpResponse<InputStream> answer) throws java.io.IOException {
    boolean gzip = answer.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent();
    try (InputStream in = gzip ? new GZIPInputStream(answer.body()) : answer.body()) {
      return answer.statusCode() == 200 ? Client.MAPPER.readTree(in).get("cursor").asText() : null;
    }
  }

  /** The same burst of clients at once, each calling {@code url} twice; the milliseconds each pair took. */
  private static double[] burst(ExecutorService pool, HttpClient http, String url) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Double>> futures = new ArrayList<>();
    for (int i = 0; i < TERMINALS; i++) {
      futures.add(pool.submit(() -> {
        go.await();
        long t0 = System.nanoTime();
        for (int call = 0; call < 2; call++) {
          HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() != 200) {
            throw new AssertionError(url + ": " + r.statusCode());
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
