package no.klipp.terminal.display;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.ErrorBody;
import no.klipp.protocol.sync.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the display on localhost with the JDK's own HTTP server: the page, its script and style,
 * the words of each language, a Server-Sent Events stream and the desk actions.
 *
 * <p>The JDK server rather than Javalin: it is already in the JVM, starts in milliseconds and adds
 * no Jetty to a Raspberry Pi's memory; a handful of fixed routes and one event stream need no more.
 */
public final class DisplayServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DisplayServer.class);
  private static final String WEB = "/no/klipp/terminal/display/web/";
  private static final int MAX_BODY = 4096;
  /** How long the browser waits before reconnecting after the agent went away. */
  private static final int RETRY_MILLIS = 500;
  private static final long KEEP_ALIVE_MILLIS = 15_000;
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final DisplayConfig config;
  private final Display display;
  private final DeskActions desk;
  private final Clock clock;
  private final ObjectMapper json = Json.mapper();
  private final Map<String, Asset> assets = new LinkedHashMap<>();
  private final Page page;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private DisplayServer(
      DisplayConfig config, Display display, DeskActions desk, Messages messages, Clock clock)
      throws IOException {
    this.config = config;
    this.display = display;
    this.desk = desk;
    this.clock = clock;
    assets.put("display.js", Asset.load("display.js", "text/javascript; charset=utf-8"));
    assets.put("cardnumber.js", Asset.load("cardnumber.js", "text/javascript; charset=utf-8"));
    assets.put("display.css", Asset.load("display.css", "text/css; charset=utf-8"));
    this.page = new Page(new String(Asset.load("index.html", "").bytes(), UTF_8), config, display::current, messages);
    // Loopback only: the kiosk browser is on the same Pi, and desk actions must not be reachable
    // from the venue's network.
    server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 0);
    server.setExecutor(executor);
    routes();
  }

  /**
   * Starts serving {@code display} as {@code config} says; {@code desk} answers the staff buttons
   * (never called in entrance mode).
   */
  public static DisplayServer start(
      DisplayConfig config, Display display, DeskActions desk, Messages messages, Clock clock)
      throws IOException {
    Objects.requireNonNull(config, "config == null");
    Objects.requireNonNull(display, "display == null");
    Objects.requireNonNull(desk, "desk == null");
    Objects.requireNonNull(messages, "messages == null");
    Objects.requireNonNull(clock, "clock == null");
    if (display.mode() != config.mode()) {
      throw new IllegalArgumentException(
          "display is in " + display.mode() + " mode but config says " + config.mode());
    }
    DisplayServer started = new DisplayServer(config, display, desk, messages, clock);
    started.server.start();
    log.info("Display ({} mode, {}) at http://localhost:{}/",
        config.mode(), config.language().tag(), started.port());
    return started;
  }

  /** The port actually bound (useful when the config asked for 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void routes() {
    route("/", "GET", ex -> respond(ex, 200, "text/html; charset=utf-8", page.html(), true));
    route("/static/", "GET", this::asset);
    route("/i18n/", "GET", this::bundle);
    route("/events", "GET", this::events);
    desk("/desk/typed", ex -> desk.typed(cardNumber(body(ex, TypedRequest.class))));
    desk("/desk/companion", ex -> desk.addCompanion());
    desk("/desk/undo", ex -> desk.undoLast());
    desk("/desk/offer", ex -> desk.chooseOffer(offerId(body(ex, OfferRequest.class))));
  }

  /** What staff typed, as a card number; a wrong check digit is the client's mistake. */
  record TypedRequest(String cardNumber) {}

  /** The offer staff chose. */
  record OfferRequest(String offerId) {}

  private interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private interface DeskHandler {
    DisplayEvent handle(HttpExchange exchange) throws IOException;
  }

  private void route(String path, String method, Handler handler) {
    server.createContext(
        path,
        exchange -> {
          try {
            String requested = exchange.getRequestURI().getPath();
            if (!path.endsWith("/") || path.equals("/")) {
              if (!requested.equals(path)) {
                throw new HttpFailure(404, "NOT_FOUND", "no such page: " + requested);
              }
            }
            checkLocal(exchange);
            if (!exchange.getRequestMethod().equals(method)) {
              exchange.getResponseHeaders().set("Allow", method);
              throw new HttpFailure(405, "METHOD_NOT_ALLOWED", "use " + method + " for " + path);
            }
            handler.handle(exchange);
          } catch (HttpFailure failure) {
            fail(exchange, failure.status(), failure.code(), failure.getMessage());
          } catch (DeskRefusal refusal) {
            fail(exchange, 409, refusal.reason().name(), refusal.getMessage());
          } catch (IOException e) {
            log.debug("Display client went away: {}", e.toString());
          } catch (RuntimeException e) {
            log.warn("Display request {} failed", path, e);
            fail(exchange, 500, "INTERNAL", "the display could not do that");
          } finally {
            exchange.close();
          }
        });
  }

  private void desk(String path, DeskHandler handler) {
    route(
        path,
        "POST",
        exchange -> {
          if (display.current() != DisplayMode.STAFF || !desk.staffed()) {
            throw new HttpFailure(403, "STAFF_MODE_ONLY", "desk actions exist only on the staff screen");
          }
          // The action and the showing of its result under the desk's lock, as a reader's scan
          // (ValidatorDesk.scan): a card scanned in between must not be shown under this result,
          // or the desk's next undo would act on a visit other than the one on the screen.
          String id;
          synchronized (desk) {
            id = display.show(handler.handle(exchange));
          }
          respond(exchange, 200, "application/json", json.writeValueAsBytes(Map.of("id", id)), false);
        });
  }

  /**
   * Answers only requests addressed to localhost, and desk actions only from its own page: a web
   * page elsewhere whose name is made to resolve to 127.0.0.1 (DNS rebinding) must not read first
   * names off the staff stream or press the desk's buttons.
   */
  private void checkLocal(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host == null || !isLocal(host)) {
      throw new HttpFailure(421, "NOT_LOCAL", "the display answers only requests to localhost");
    }
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin != null && !exchange.getRequestMethod().equals("GET")
        && !(origin.startsWith("http://") && isLocal(origin.substring("http://".length())))) {
      throw new HttpFailure(403, "FOREIGN_ORIGIN", "desk actions come only from the display's own page");
    }
  }

  private boolean isLocal(String hostAndPort) {
    // A browser leaves the port out of Host and Origin when it is the scheme's default.
    for (String port : port() == 80 ? new String[] {":80", ""} : new String[] {":" + port()}) {
      if (hostAndPort.equals("localhost" + port) || hostAndPort.equals("127.0.0.1" + port)
          || hostAndPort.equals("[::1]" + port)) {
        return true;
      }
    }
    return false;
  }

  private void asset(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring("/static/".length());
    Asset asset = assets.get(name);
    if (asset == null) {
      throw new HttpFailure(404, "NOT_FOUND", "no such file: " + name);
    }
    respond(exchange, 200, asset.type(), asset.bytes(), false);
  }

  private void bundle(HttpExchange exchange) throws IOException {
    String file = exchange.getRequestURI().getPath().substring("/i18n/".length());
    Language language =
        file.endsWith(".json")
            ? Language.byTag(file.substring(0, file.length() - ".json".length())).orElse(null)
            : null;
    if (language == null) {
      throw new HttpFailure(404, "NO_SUCH_LANGUAGE", "no words for " + file);
    }
    respond(exchange, 200, "application/json", json.writeValueAsBytes(page.words(language)), false);
  }

  private void events(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, 0);
    String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    try (OutputStream out = exchange.getResponseBody();
        Display.Subscription subscription = display.subscribe(lastEventId)) {
      out.write(("retry: " + RETRY_MILLIS + "\n\n").getBytes(UTF_8));
      out.flush();
      for (Frame frame = subscription.next(KEEP_ALIVE_MILLIS);
          frame != null;
          frame = subscription.next(KEEP_ALIVE_MILLIS)) {
        out.write(frame.wire().getBytes(UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> T body(HttpExchange exchange, Class<T> type) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new HttpFailure(413, "TOO_LARGE", "request body over " + MAX_BODY + " bytes");
    }
    try {
      T value = json.readValue(bytes, type);
      if (value == null) {
        throw new HttpFailure(400, "BAD_JSON", "expected a JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new HttpFailure(
          400, "BAD_JSON", "not JSON of the expected shape: " + e.getOriginalMessage());
    }
  }

  private static CardNumber cardNumber(TypedRequest request) {
    if (request.cardNumber() == null) {
      throw new HttpFailure(400, "BAD_CARD_NUMBER", "cardNumber missing");
    }
    return CardNumber.parse(request.cardNumber())
        .orElseThrow(
            () ->
                new HttpFailure(
                    400, "BAD_CARD_NUMBER", "not ten digits with a correct check digit"));
  }

  private static String offerId(OfferRequest request) {
    if (request.offerId() == null || request.offerId().isBlank()) {
      throw new HttpFailure(400, "BAD_OFFER", "offerId missing");
    }
    return request.offerId();
  }

  private void fail(HttpExchange exchange, int status, String code, String message) {
    try {
      byte[] body = json.writeValueAsBytes(new ErrorBody(code, message, clock.instant()));
      respond(exchange, status, "application/json", body, false);
    } catch (IOException | IllegalStateException e) {
      // Headers already sent (an event stream that broke): nothing more to tell the client.
      log.debug("Display could not send error {}: {}", code, e.toString());
    }
  }

  private static void respond(
      HttpExchange exchange, int status, String type, byte[] body, boolean page)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    // Always fresh: after an agent upgrade the kiosk must not run yesterday's script.
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (page) {
      exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops serving; connected pages see the stream end and start reconnecting. */
  @Override
  public void close() {
    display.closeAll();
    server.stop(0);
    executor.shutdownNow();
    log.info("Display stopped");
  }

  /** A static file from the classpath, read once. */
  private record Asset(byte[] bytes, String type) {
    static Asset load(String name, String type) {
      try (InputStream in = DisplayServer.class.getResourceAsStream(WEB + name)) {
        if (in == null) {
          throw new IllegalStateException("missing display resource " + WEB + name);
        }
        return new Asset(in.readAllBytes(), type);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
