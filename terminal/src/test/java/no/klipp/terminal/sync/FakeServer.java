package no.klipp.terminal.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;

/** A real HTTP server on a random port answering each path as a test says; records what it was sent. */
public final class FakeServer implements AutoCloseable {

  /** One recorded request. */
  public record Seen(String method, String path, String query, String authorization, String body) {}

  /** An answer: status, body, and the server-time header (null: none). */
  public record Answer(int status, String body, String serverTime) {
    public static Answer json(String body) {
      return new Answer(200, body, "2026-11-21T10:00:00Z");
    }
  }

  /** Answers one request. */
  @FunctionalInterface
  public interface Route {
    Answer answer(Seen request) throws Exception;
  }

  private final HttpServer server;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, HttpHandler> streams = new ConcurrentHashMap<>();
  public final List<Seen> seen = new CopyOnWriteArrayList<>();

  /** A started server, for a test's field initialiser. */
  public static FakeServer started() {
    try {
      return new FakeServer();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  FakeServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  public FakeServer route(String path, Route route) {
    routes.put(path, route);
    return this;
  }

  /** Answers {@code path} by writing to the exchange itself: headers, chunks, encodings. */
  public FakeServer stream(String path, HttpHandler handler) {
    streams.put(path, handler);
    return this;
  }

  public HttpUrl url() {
    return HttpUrl.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void handle(HttpExchange ex) throws IOException {
    HttpHandler stream = streams.get(ex.getRequestURI().getPath());
    if (stream != null) {
      try (ex) {
        stream.handle(ex);
      }
      return;
    }
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Seen s = new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getQuery(),
          ex.getRequestHeaders().getFirst("Authorization"), body);
      seen.add(s);
      Route route = routes.get(s.path());
      Answer a;
      try {
        a = route == null ? new Answer(404, "{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}", null) : route.answer(s);
      } catch (Exception e) {
        a = new Answer(500, "{\"code\":\"BUG\",\"message\":\"" + e + "\"}", null);
      }
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      if (a.serverTime() != null) {
        ex.getResponseHeaders().set("X-Klipp-Server-Time", a.serverTime());
      }
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
