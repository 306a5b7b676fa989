package no.klipp.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.zip.GZIPInputStream;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.Client;
import no.klipp.server.support.TestServer;
import no.klipp.server.support.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The terminals' answers, written straight to the response: whole JSON, gzipped for a client that
 * asks for it (as the terminals' OkHttp does) and big enough to gain, plain otherwise.
 */
class JsonAnswerTest {

  TestServer ts;
  World w;
  HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    ts = new TestServer(Dialect.SQLITE);
    w = new World(ts, "Gjøvik");
    for (int i = 0; i < 30; i++) {
      // A ledger big enough to be worth gzipping (Javalin leaves answers under 1,500 bytes as they are).
      World.ok(ts.client.post("/api/v1/schemes/" + w.scheme.id() + "/cards", w.admin,
          java.util.Map.of("firstName", "Barn", "birthYear", 2015)), 201);
    }
  }

  @AfterEach
  void tearDown() {
    ts.close();
  }

  private HttpResponse<byte[]> call(String method, String path, byte[] body, boolean gzip) throws Exception {
    return call(method, path, body, gzip ? "gzip" : null);
  }

  private HttpResponse<byte[]> call(String method, String path, byte[] body, String acceptEncoding) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ts.server.http.port() + path))
        .header("Authorization", "Bearer " + w.terminal.token())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (acceptEncoding != null) {
      b.header("Accept-Encoding", acceptEncoding);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gunzip(byte[] bytes) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  @Test
  void aSnapshotIsGzippedForAClientThatAsksAndPlainForOneThatDoesNot() throws Exception {
    HttpResponse<byte[]> zipped = call("GET", ApiPaths.LEDGER_SNAPSHOT, null, true);
    assertEquals(200, zipped.statusCode());
    assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
    assertTrue(zipped.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    LedgerSnapshot fromZipped = Client.MAPPER.readValue(gunzip(zipped.body()), LedgerSnapshot.class);
    assertEquals(33, fromZipped.cards().size());

    HttpResponse<byte[]> plain = call("GET", ApiPaths.LEDGER_SNAPSHOT, null, false);
    assertEquals(200, plain.statusCode());
    assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
    LedgerSnapshot fromPlain = Client.MAPPER.readValue(plain.body(), LedgerSnapshot.class);
    assertEquals(33, fromPlain.cards().size());
    assertTrue(zipped.body().length < plain.body().length / 2, "gzip saves most of a ledger");
    // Sent whole, with its length, not in chunks; a cache keeps the two apart.
    assertEquals(String.valueOf(zipped.body().length), zipped.headers().firstValue("Content-Length").orElse(""));
    assertEquals(String.valueOf(plain.body().length), plain.headers().firstValue("Content-Length").orElse(""));
    assertEquals("Accept-Encoding", zipped.headers().firstValue("Vary").orElse(""));
    assertEquals(fromPlain, fromZipped);

    HttpResponse<byte[]> delta = call("GET", ApiPaths.LEDGER_DELTA + "?since=" + fromPlain.cursor(), null, true);
    assertEquals(200, delta.statusCode());
    byte[] deltaBody = delta.headers().firstValue("Content-Encoding").isPresent() ? gunzip(delta.body()) : delta.body();
    assertNotNull(Client.MAPPER.readValue(deltaBody, LedgerDelta.class).cursor());
  }

  @Test
  void aClientThatRefusesGzipGetsPlainJson() throws Exception {
    for (String refusing : List.of("gzip;q=0", "identity", "deflate, gzip; q=0.0", "*;q=0")) {
      HttpResponse<byte[]> r = call("GET", ApiPaths.LEDGER_SNAPSHOT, null, refusing);
      assertEquals(200, r.statusCode());
      assertFalse(r.headers().firstValue("Content-Encoding").isPresent(), refusing);
      assertEquals(33, Client.MAPPER.readValue(r.body(), LedgerSnapshot.class).cards().size(), refusing);
    }
    for (String taking : List.of("br, GZIP;q=0.5", "*", "deflate, x-gzip")) {
      HttpResponse<byte[]> r = call("GET", ApiPaths.LEDGER_SNAPSHOT, null, taking);
      assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""), taking);
      assertEquals(33, Client.MAPPER.readValue(gunzip(r.body()), LedgerSnapshot.class).cards().size(), taking);
    }
  }

  @Test
  void acceptEncodingIsReadByItsWeights() {
    assertTrue(JsonAnswer.acceptsGzip("gzip"));
    assertTrue(JsonAnswer.acceptsGzip("gzip, deflate, br"));
    assertTrue(JsonAnswer.acceptsGzip("gzip;q=0.001"));
    assertTrue(JsonAnswer.acceptsGzip("*;q=0.3, identity"));
    assertFalse(JsonAnswer.acceptsGzip(null));
    assertFalse(JsonAnswer.acceptsGzip(""));
    assertFalse(JsonAnswer.acceptsGzip("br"));
    assertFalse(JsonAnswer.acceptsGzip("gzip;q=0"));
    assertFalse(JsonAnswer.acceptsGzip("gzip;q=nonsense"));
    // Named gzip outweighs the wildcard, whichever comes first.
    assertFalse(JsonAnswer.acceptsGzip("*, gzip;q=0"));
    assertTrue(JsonAnswer.acceptsGzip("*;q=0, gzip"));
  }

  @Test
  void aBigAckIsGzippedWhole() throws Exception {
    List<no.klipp.protocol.sync.Visit> visits = new java.util.ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      visits.add(new no.klipp.protocol.sync.Visit(java.util.UUID.randomUUID(), i,
          no.klipp.protocol.sync.VisitKind.ADMISSION, null, w.cards.get(i % w.cards.size()), 1, w.offerId, w.venueId,
          w.terminal.terminalId(), ts.clock.instant().minusSeconds(600 - i), 0, java.util.Set.of()));
    }
    byte[] batch = Client.MAPPER.writeValueAsBytes(new VisitBatch(w.terminal.terminalId(), visits, null));
    HttpResponse<byte[]> r = call("POST", ApiPaths.VISITS, batch, true);
    assertEquals(200, r.statusCode());
    assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""));
    assertEquals(String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElse(""));
    VisitBatchAck ack = Client.MAPPER.readValue(gunzip(r.body()), VisitBatchAck.class);
    assertEquals(visits.stream().map(no.klipp.protocol.sync.Visit::id).toList(),
        ack.items().stream().map(no.klipp.protocol.sync.VisitAck::id).toList());
  }

  @Test
  void anAckIsWholeJson() throws Exception {
    byte[] batch = Client.MAPPER.writeValueAsBytes(new VisitBatch(w.terminal.terminalId(), List.of(), null));
    HttpResponse<byte[]> r = call("POST", ApiPaths.VISITS, batch, true);
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    byte[] body = r.headers().firstValue("Content-Encoding").isPresent() ? gunzip(r.body()) : r.body();
    VisitBatchAck ack = Client.MAPPER.readValue(body, VisitBatchAck.class);
    assertEquals(List.of(), ack.items());
    assertEquals(ts.clock.instant(), ack.serverTime());
  }
}
