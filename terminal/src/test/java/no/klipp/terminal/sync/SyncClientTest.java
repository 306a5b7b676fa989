package no.klipp.terminal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitKind;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncClientTest {

  private static final Instant NOW = Instant.parse("2026-11-21T09:59:00Z");
  private final FakeServer server = FakeServer.started();
  // Generous: a busy test machine must not turn an answer into a timeout.
  private final SyncClient client = new SyncClient(server.url(), "s3cret-token", Duration.ofSeconds(10),
      Clock.fixed(NOW, ZoneOffset.UTC));

  @AfterEach
  void stop() {
    server.close();
  }

  static Visit visit(long seq) {
    return new Visit(UUID.randomUUID(), seq, VisitKind.ADMISSION, null, "1234567897", 1, "offer-1", "venue-1",
        "t-1", NOW, 0, Set.of());
  }

  /** Writes {@code size} bytes of spaces to {@code out}, a megabyte at a time. */
  private static void spaces(java.io.OutputStream out, long size) throws java.io.IOException {
    byte[] mib = new byte[1024 * 1024];
    java.util.Arrays.fill(mib, (byte) ' ');
    for (long left = size; left > 0; left -= mib.length) {
      out.write(mib, 0, (int) Math.min(left, mib.length));
    }
  }

  @Test
  void aGzipAnswerThatUnpacksPastTheLimitIsRefused() throws Exception {
    java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(packed)) {
      spaces(gzip, 100L * 1024 * 1024);
    }
    byte[] bomb = packed.toByteArray();
    assertTrue(bomb.length < 200 * 1024, "a small answer: " + bomb.length);
    server.stream("/api/v1/terminal/ledger", ex -> {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
      ex.sendResponseHeaders(200, bomb.length);
      ex.getResponseBody().write(bomb);
    });

    SyncException e = assertThrows(SyncException.BadResponse.class, client::snapshot);

    assertTrue(e.getMessage().contains("too large"), e.getMessage());
  }

  @Test
  void aChunkedAnswerPastTheLimitIsRefused() {
    server.stream("/api/v1/terminal/ledger", ex -> {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 0); // chunked: no length announced
      try {
        spaces(ex.getResponseBody(), 65L * 1024 * 1024);
      } catch (java.io.IOException e) {
        // The terminal hung up once it had read enough.
      }
    });

    SyncException e = assertThrows(SyncException.BadResponse.class, client::snapshot);

    assertTrue(e.getMessage().contains("too large"), e.getMessage());
  }

  @Test
  void uploadSendsBearerTokenAndReadsAckAndServerClock() throws Exception {
    Visit v = visit(1);
    server.route("/api/v1/terminal/visits", req -> FakeServer.Answer.json(
        "{\"serverTime\":\"2026-11-21T10:00:00Z\",\"items\":[{\"id\":\"" + v.id() + "\",\"status\":\"STORED\"}]}"));

    Reply<VisitBatchAck> reply = client.upload(new VisitBatch("t-1", List.of(v), new TerminalReport("1", 1, null)));

    assertEquals(AckStatus.STORED, reply.body().items().getFirst().status());
    assertEquals("Bearer s3cret-token", server.seen.getFirst().authorization());
    assertTrue(server.seen.getFirst().body().contains(v.id().toString()));
    assertEquals(Optional.of(Duration.ofMinutes(1)), reply.clockOffset());
  }

  @Test
  void enrollNeedsNoToken() throws Exception {
    server.route("/api/v1/terminal/enroll", req -> FakeServer.Answer.json(
        "{\"terminalId\":\"t-9\",\"venueId\":\"v-1\",\"venueName\":\"Pool\",\"token\":\"abc\",\"serverTime\":\"2026-11-21T10:00:00Z\"}"));
    SyncClient anonymous = new SyncClient(server.url(), null, Duration.ofSeconds(2), Clock.systemUTC());

    EnrollResponse r = anonymous.enroll(new EnrollRequest("CODE-1", "0.1")).body();

    assertEquals("t-9", r.terminalId());
    assertEquals(null, server.seen.getFirst().authorization());
    assertTrue(server.seen.getFirst().body().contains("CODE-1"));
  }

  @Test
  void http401And403MeanNotAuthorized() {
    server.route("/api/v1/terminal/ledger", req -> new FakeServer.Answer(401,
        "{\"code\":\"TERMINAL_REVOKED\",\"message\":\"revoked\"}", null));
    SyncException e = assertThrows(SyncException.class, client::snapshot);
    assertInstanceOf(SyncException.NotAuthorized.class, e);
    assertEquals(Optional.of("TERMINAL_REVOKED"), e.code());
    assertFalse(e.retryable());
    assertFalse(e.getMessage().contains("s3cret"), "the token never appears in a message");

    server.route("/api/v1/terminal/ledger", req -> new FakeServer.Answer(403, "", null));
    assertInstanceOf(SyncException.NotAuthorized.class, assertThrows(SyncException.class, client::snapshot));
  }

  @Test
  void http5xxAnd429AreServerTrouble() {
    for (int status : new int[] {500, 502, 503, 429, 408}) {
      server.route("/api/v1/terminal/ledger", req -> new FakeServer.Answer(status, "oops", null));
      SyncException e = assertThrows(SyncException.class, client::snapshot);
      assertInstanceOf(SyncException.ServerTrouble.class, e, "status " + status + ": " + e.getMessage());
      assertTrue(e.retryable());
      assertEquals(status, e.status());
    }
  }

  @Test
  void http400IsRejectedWithTheServersReason() {
    server.route("/api/v1/terminal/ledger/delta", req -> new FakeServer.Answer(400,
        "{\"code\":\"BAD_CURSOR\",\"message\":\"unknown cursor\"}", null));
    SyncException e = assertThrows(SyncException.class, () -> client.delta("c-1"));
    assertInstanceOf(SyncException.Rejected.class, e);
    assertTrue(e.getMessage().contains("unknown cursor"), e.getMessage());
    assertEquals("since=c-1", server.seen.getFirst().query());
  }

  @Test
  void http413IsTooLarge() {
    server.route("/api/v1/terminal/visits", req -> new FakeServer.Answer(413, "", null));
    assertInstanceOf(SyncException.TooLarge.class, assertThrows(SyncException.class,
        () -> client.upload(new VisitBatch("t-1", List.of(visit(1)), null))));
  }

  @Test
  void garbledOrEmptyAnswersAreBadResponses() {
    server.route("/api/v1/terminal/ledger", req -> FakeServer.Answer.json("{\"venueId\":\"v\",\"cards\":[{\"cardN"));
    assertInstanceOf(SyncException.BadResponse.class, assertThrows(SyncException.class, client::snapshot));
    server.route("/api/v1/terminal/ledger", req -> FakeServer.Answer.json("null"));
    assertInstanceOf(SyncException.BadResponse.class, assertThrows(SyncException.class, client::snapshot));
    server.route("/api/v1/terminal/ledger", req -> FakeServer.Answer.json("\u0000\u00ff garbage"));
    assertInstanceOf(SyncException.BadResponse.class, assertThrows(SyncException.class, client::snapshot));
  }

  @Test
  void slowServerTimesOut() {
    server.route("/api/v1/terminal/ledger", req -> {
      Thread.sleep(6_000);
      return FakeServer.Answer.json("{}");
    });
    SyncClient impatient = new SyncClient(server.url(), "t", Duration.ofMillis(500), Clock.systemUTC());
    long start = System.nanoTime();
    SyncException e = assertThrows(SyncException.class, impatient::snapshot);
    assertInstanceOf(SyncException.Unreachable.class, e);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) < 0,
        "gave up at the deadline");
  }

  @Test
  void closedPortIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SyncClient nowhere = new SyncClient(HttpUrl.get("http://127.0.0.1:" + port + "/"), "t", Duration.ofSeconds(1),
        Clock.systemUTC());
    SyncException e = assertThrows(SyncException.class, nowhere::snapshot);
    assertInstanceOf(SyncException.Unreachable.class, e);
    assertTrue(e.retryable());
  }

  @Test
  void missingOrBadServerTimeGivesNoOffset() throws Exception {
    server.route("/api/v1/terminal/ledger/delta", req -> new FakeServer.Answer(200, "{\"cursor\":\"c-2\"}", "yesterday"));
    assertEquals(Optional.empty(), client.delta("c-1").clockOffset());
  }

  @Test
  void aServerTimeNoClockCanShowGivesNoOffset() throws Exception {
    // Far enough that the offset in milliseconds overflows: every round would fail on it.
    server.route("/api/v1/terminal/ledger/delta",
        req -> new FakeServer.Answer(200, "{\"cursor\":\"c-2\"}", "+1000000000-01-01T00:00:00Z"));
    Reply<?> reply = client.delta("c-1");
    assertEquals(Optional.empty(), reply.clockOffset());
    assertEquals(Optional.empty(), reply.serverNow());
  }

  @Test
  void serverUrlMustBeHttp() {
    assertThrows(IllegalArgumentException.class, () -> SyncClient.serverUrl("ftp://x"));
    assertThrows(IllegalArgumentException.class, () -> SyncClient.serverUrl(null));
    assertEquals("http://10.0.0.5:8080/", SyncClient.serverUrl(" http://10.0.0.5:8080 ").toString());
  }
}
