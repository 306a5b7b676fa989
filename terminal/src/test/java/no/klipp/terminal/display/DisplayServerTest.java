package no.klipp.terminal.display;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The display's HTTP surface without a browser: pages, words, desk actions, the event stream. */
class DisplayServerTest {

  private static final Holder OLA = new Holder("Olafur", 2014);
  private static final VerdictView ADMITTED =
      new VerdictView(true, VerdictReason.ADMITTED, 1, 0, 3, new OfferChoice("kino", "Kino"), List.of(), false, OLA);

  private final HttpClient http = HttpClient.newHttpClient();
  private final FakeDesk desk = new FakeDesk();
  private DisplayServer server;
  private Display display;

  private String start(DisplayMode mode, Language language) throws IOException {
    display = new Display(mode, new Random(1));
    server =
        DisplayServer.start(
            new DisplayConfig(true, 0, mode, language), display, desk, new Messages(), Clock.systemUTC());
    return "http://localhost:" + server.port();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(String text) throws IOException {
    return Json.mapper().readTree(text);
  }

  @Test
  void pageCarriesLanguageDirectionModeAndWords() throws Exception {
    String base = start(DisplayMode.STAFF, Language.AR);
    HttpResponse<String> page = get(base + "/");
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<html lang=\"ar\" dir=\"rtl\">"), page.body());
    assertTrue(page.body().contains("data-mode=\"staff\""));
    assertTrue(page.body().contains("بطاقة صالحة"), "Arabic staff words inlined");
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
  }

  @Test
  void wordsPerLanguageAndUnknownLanguageIs404() throws Exception {
    String base = start(DisplayMode.ENTRANCE, Language.NB);
    JsonNode ti = json(get(base + "/i18n/ti.json").body());
    assertEquals("ltr", ti.get("dir").asText());
    assertEquals("ደጊምኩም ፈትኑ", ti.get("messages").get("entrance.retry").asText());
    assertEquals(null, ti.get("messages").get("reason.REVOKED"), "the entrance page gets no staff wording");
    assertEquals(404, get(base + "/i18n/xx.json").statusCode());
    assertEquals(404, get(base + "/i18n/../index.html").statusCode());
    assertEquals(404, get(base + "/static/../i18n/display.properties").statusCode());
    assertEquals(404, get(base + "/nothing-here").statusCode());
  }

  @Test
  void staticFilesAreServedFresh() throws Exception {
    String base = start(DisplayMode.STAFF, Language.NB);
    HttpResponse<String> script = get(base + "/static/cardnumber.js");
    assertEquals(200, script.statusCode());
    assertTrue(script.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
    assertEquals("no-store", script.headers().firstValue("Cache-Control").orElseThrow());
    assertTrue(script.body().contains("KlippCardNumber"));
  }

  @Test
  void typedNumberWithWrongCheckDigitIs400AndNeverReachesValidation() throws Exception {
    String base = start(DisplayMode.STAFF, Language.NB);
    String right = CardNumber.fromSerial(123_456_789).digits();
    String wrong = right.substring(0, 9) + (char) ('0' + (right.charAt(9) - '0' + 1) % 10);
    HttpResponse<String> response = post(base + "/desk/typed", "{\"cardNumber\":\"" + wrong + "\"}");
    assertEquals(400, response.statusCode());
    assertEquals("BAD_CARD_NUMBER", json(response.body()).get("code").asText());
    assertEquals(List.of(), desk.calls);

    assertEquals(200, post(base + "/desk/typed", "{\"cardNumber\":\"" + right + "\"}").statusCode());
    assertEquals(List.of("typed " + right), desk.calls);
  }

  @Test
  void malformedDeskRequestsAre4xxWithAReason() throws Exception {
    String base = start(DisplayMode.STAFF, Language.NB);
    assertEquals("BAD_JSON", json(post(base + "/desk/typed", "not json").body()).get("code").asText());
    assertEquals("BAD_CARD_NUMBER", json(post(base + "/desk/typed", "{}").body()).get("code").asText());
    assertEquals("BAD_OFFER", json(post(base + "/desk/offer", "{\"offerId\":\" \"}").body()).get("code").asText());
    assertEquals(413, post(base + "/desk/typed", "{\"cardNumber\":\"" + "1".repeat(5000) + "\"}").statusCode());
    HttpResponse<String> get = get(base + "/desk/undo");
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
    assertEquals(List.of(), desk.calls);
  }

  @Test
  void refusedDeskActionIs409WithItsReason() throws Exception {
    String base = start(DisplayMode.STAFF, Language.NB);
    HttpResponse<String> response = post(base + "/desk/undo", "");
    assertEquals(409, response.statusCode());
    assertEquals("NO_VISIT", json(response.body()).get("code").asText());
  }

  @Test
  void entranceScreenHasNoDeskActions() throws Exception {
    String base = start(DisplayMode.ENTRANCE, Language.NB);
    HttpResponse<String> response = post(base + "/desk/companion", "");
    assertEquals(403, response.statusCode());
    assertEquals("STAFF_MODE_ONLY", json(response.body()).get("code").asText());
    assertEquals(List.of(), desk.calls);
  }

  @Test
  void entranceStreamNeverCarriesTheHoldersName() throws Exception {
    String base = start(DisplayMode.ENTRANCE, Language.NB);
    try (EventStream stream = EventStream.open(base, null)) {
      display.show(ADMITTED);
      String data = stream.next("verdict");
      assertTrue(data.contains("\"admitted\":true"), data);
      assertFalse(data.contains("Olafur"), data);
      assertFalse(data.contains("2014"), data);
    }
  }

  @Test
  void staffStreamCarriesHolderAndReplaysCurrentVerdictToANewPage() throws Exception {
    String base = start(DisplayMode.STAFF, Language.NB);
    String id = display.show(ADMITTED);
    try (EventStream stream = EventStream.open(base, null)) {
      assertTrue(stream.next("status").contains("\"online\":false"));
      String data = stream.next("verdict");
      assertTrue(data.contains("Olafur"), data);
      assertEquals(id, stream.lastId);
    }
    // A page that has this verdict already is not sent it again; it gets what comes next.
    try (EventStream stream = EventStream.open(base, id)) {
      stream.next("status");
      String next = display.show(VerdictView.refused(VerdictReason.EXPIRED));
      assertTrue(stream.next("verdict").contains("EXPIRED"));
      assertEquals(next, stream.lastId);
    }
  }

  @Test
  void statusReachesConnectedPages() throws Exception {
    String base = start(DisplayMode.STAFF, Language.NB);
    try (EventStream stream = EventStream.open(base, null)) {
      stream.next("status");
      display.status(new StatusView(true, 4, java.time.Instant.parse("2026-11-21T10:15:30Z")));
      String data = stream.next("status");
      assertTrue(data.contains("\"visitsWaiting\":4"), data);
      assertTrue(data.contains("\"lastSync\":\"2026-11-21T10:15:30Z\""), data);
    }
  }

  @Test
  void requestsForAnotherHostOrFromAnotherOriginAreRefused() throws Exception {
    String base = start(DisplayMode.STAFF, Language.NB);
    // DNS rebinding: a foreign name resolved to 127.0.0.1 arrives with its own Host header.
    assertEquals(421, raw("GET /events HTTP/1.1\r\nHost: evil.example:" + server.port() + "\r\n\r\n"));
    assertEquals(200, raw("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nConnection: close\r\n\r\n"));
    HttpResponse<String> foreign = http.send(
        HttpRequest.newBuilder(URI.create(base + "/desk/undo"))
            .header("Origin", "http://evil.example")
            .POST(HttpRequest.BodyPublishers.ofString(""))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, foreign.statusCode());
    assertEquals(List.of(), desk.calls);
    HttpResponse<String> own = http.send(
        HttpRequest.newBuilder(URI.create(base + "/desk/undo"))
            .header("Origin", base)
            .POST(HttpRequest.BodyPublishers.ofString(""))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(409, own.statusCode(), "reaches the desk, which has no visit to undo");
  }

  /** The status code of a hand-written request, so the Host header can be anything. */
  private int raw(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.getOutputStream().write(request.getBytes(UTF_8));
      String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    start(DisplayMode.STAFF, Language.NB);
    InetAddress outside =
        java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(n -> java.util.Collections.list(n.getInetAddresses()).stream())
            .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address)
            .findFirst()
            .orElse(null);
    if (outside != null) {
      assertThrows(ConnectException.class, () -> new Socket(outside, server.port()).close());
    }
    new Socket(InetAddress.getLoopbackAddress(), server.port()).close();
  }

  @Test
  void modeMismatchIsRefusedAtStart() {
    Display entrance = new Display(DisplayMode.ENTRANCE, new Random(1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            DisplayServer.start(
                new DisplayConfig(true, 0, DisplayMode.STAFF, Language.NB), entrance, desk, new Messages(),
                Clock.systemUTC()));
  }

  /** A plain reader of a Server-Sent Events stream. */
  static final class EventStream implements AutoCloseable {
    private final HttpURLConnection connection;
    private final BufferedReader reader;
    String lastId;

    private EventStream(HttpURLConnection connection) throws IOException {
      this.connection = connection;
      this.reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), UTF_8));
    }

    static EventStream open(String base, String lastEventId) throws IOException {
      HttpURLConnection connection = (HttpURLConnection) URI.create(base + "/events").toURL().openConnection();
      connection.setReadTimeout(5000);
      if (lastEventId != null) {
        connection.setRequestProperty("Last-Event-ID", lastEventId);
      }
      assertEquals(200, connection.getResponseCode());
      assertTrue(connection.getContentType().startsWith("text/event-stream"));
      return new EventStream(connection);
    }

    /** The data of the next event named {@code event}, skipping others; fails after the read timeout. */
    String next(String event) throws IOException {
      List<String> fields = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isEmpty()) {
          fields.add(line);
          continue;
        }
        String name = null;
        String data = null;
        for (String field : fields) {
          if (field.startsWith("event: ")) {
            name = field.substring(7);
          } else if (field.startsWith("data: ")) {
            data = field.substring(6);
          } else if (field.startsWith("id: ")) {
            lastId = field.substring(4);
          }
        }
        fields.clear();
        if (event.equals(name)) {
          return data;
        }
      }
      throw new IOException("stream ended before " + event);
    }

    @Override
    public void close() {
      connection.disconnect();
    }
  }
}
