package no.klipp.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import no.klipp.protocol.sync.Json;

/** A small JSON client for tests against the real server. */
public final class Client {

  /** An answer: status, body, and the headers tests look at. */
  public record Response(int status, byte[] body, HttpResponse<byte[]> raw) {
    public <T> T as(Class<T> type) {
      try {
        return MAPPER.readValue(body, type);
      } catch (IOException e) {
        throw new AssertionError("status " + status + ", not a " + type.getSimpleName() + ": " + text(), e);
      }
    }

    public JsonNode tree() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text(), e);
      }
    }

    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  public static final ObjectMapper MAPPER = Json.mapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Client(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Response post(String path, String token, Object body) {
    return send(request(path, token).POST(publisher(body)));
  }

  /** A POST with extra headers (X-Forwarded-For, as a reverse proxy adds it). */
  public Response postWithHeaders(String path, Object body, java.util.Map<String, String> headers) {
    HttpRequest.Builder b = request(path, null).POST(publisher(body));
    headers.forEach(b::header);
    return send(b);
  }

  public Response put(String path, String token, Object body) {
    return send(request(path, token).PUT(publisher(body)));
  }

  public Response delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  /** Sends raw bytes as the body. */
  public Response postRaw(String path, String token, byte[] body) {
    return send(request(path, token).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A POST whose length is not said beforehand: the body goes out in chunks, as a streaming client sends it. */
  public Response postChunked(String path, String token, byte[] body) {
    return send(request(path, token).POST(
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static HttpRequest.BodyPublisher publisher(Object body) {
    if (body == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    try {
      return HttpRequest.BodyPublishers.ofByteArray(
          body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : MAPPER.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
