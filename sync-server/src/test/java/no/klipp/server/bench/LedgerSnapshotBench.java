package no.klipp.server.bench;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import no.klipp.protocol.bench.BenchReport;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A new terminal's full ledger for a scheme of 100,000 cards: time to answer and bytes on the wire (gzip). */
@Tag("bench")
class LedgerSnapshotBench {

  static final int CARDS = 100_000;
  static final int RUNS = 5;

  @Test
  void ledgerSnapshot() throws Exception {
    double[] pg = measure(Dialect.POSTGRESQL);
    double[] sqlite = measure(Dialect.SQLITE);
    BenchReport.named("ledger-snapshot", "ms")
        .value(BenchReport.median(pg[0] == 0 ? new double[] {0} : java.util.Arrays.copyOfRange(pg, 3, pg.length)))
        .p99(BenchReport.quantile(java.util.Arrays.copyOfRange(pg, 3, pg.length), 0.99))
        .figure("bytes_gzip", pg[0])
        .figure("bytes_json", pg[1])
        .figure("cards_decoded", pg[2])
        .figure("sqlite_ms_median", BenchReport.median(java.util.Arrays.copyOfRange(sqlite, 3, sqlite.length)))
        .param("cards", CARDS)
        .param("runs", RUNS)
        .param("dialect", "POSTGRESQL (value), SQLITE (sqlite_ms_median)")
        .param("measured", "GET " + ApiPaths.LEDGER_SNAPSHOT + " with Accept-Encoding: gzip, until the last byte")
        .write();
  }

  /** [gzip bytes, json bytes, cards decoded, then RUNS timings in ms]. */
  double[] measure(Dialect dialect) throws Exception {
    try (TestServer ts = new TestServer(dialect)) {
      World w = new World(ts, "Nasjonal");
      BenchData.cards(ts.testDb.db, w.scheme.id(), CARDS, 3);
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + ts.server.http.port() + ApiPaths.LEDGER_SNAPSHOT))
          .header("Authorization", "Bearer " + w.terminal.token())
          .header("Accept-Encoding", "gzip").build();
      double[] out = new double[3 + RUNS];
      byte[] body = null;
      for (int i = 0; i < RUNS; i++) {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        out[3 + i] = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200 || !"gzip".equals(r.headers().firstValue("Content-Encoding").orElse(""))) {
          throw new AssertionError(r.statusCode() + " " + r.headers());
        }
        body = r.body();
      }
      byte[] json = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
      LedgerSnapshot snapshot = Client.MAPPER.readValue(json, LedgerSnapshot.class);
      out[0] = body.length;
      out[1] = json.length;
      out[2] = snapshot.cards().size();
      return out;
    }
  }
}
