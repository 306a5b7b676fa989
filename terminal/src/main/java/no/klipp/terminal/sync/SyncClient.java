package no.klipp.terminal.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.protocol.sync.ErrorBody;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.VisitBatch;
import no.klipp.protocol.sync.VisitBatchAck;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The terminal's side of the sync API over HTTP. Every call has a deadline; every failure is a
 * {@link SyncException} whose type says whether to retry. Calls are safe to repeat: the server
 * stores a visit once whatever number of times it arrives.
 */
public final class SyncClient {

  /** The latest server time taken as one: no clock stands past it. */
  private static final Instant LATEST_SERVER_TIME = Instant.parse("9999-12-31T23:59:59Z");
  private static final MediaType JSON = MediaType.get("application/json");
  /** Larger answers are refused unread: a 100,000-card snapshot is about 5 MB. */
  private static final long MAX_BODY = 64L * 1024 * 1024;

  private final HttpUrl server;
  private final String token;
  private final OkHttpClient http;
  private final Clock clock;
  private final ObjectMapper mapper = Json.mapper();

  /**
   * A client for {@code server} authenticating with {@code token} (null before enrollment); every
   * call, connection to last byte, must finish within {@code timeout}.
   */
  public SyncClient(HttpUrl server, String token, Duration timeout, Clock clock) {
    this(server, token, http(timeout), clock);
  }

  SyncClient(HttpUrl server, String token, OkHttpClient http, Clock clock) {
    this.server = Objects.requireNonNull(server, "server == null");
    this.token = token;
    this.http = Objects.requireNonNull(http, "http == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  private static OkHttpClient http(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    return new OkHttpClient.Builder()
        .callTimeout(timeout)
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        // A pooled connection the server closed while idle is retried on a fresh one; safe for
        // every call, uploads included, because the server stores a visit id once.
        .retryOnConnectionFailure(true)
        .build();
  }

  /** Parses a server address given by a person, e.g. {@code http://10.0.0.5:8080}. */
  public static HttpUrl serverUrl(String text) {
    HttpUrl url = text == null ? null : HttpUrl.parse(text.strip());
    if (url == null) {
      throw new IllegalArgumentException("not an http(s) address: " + text);
    }
    return url;
  }

  /** True when {@code url} names this machine by a loopback address or as localhost (no DNS asked). */
  public static boolean isLoopback(HttpUrl url) {
    String host = url.host();
    return host.equals("localhost") || host.equals("::1") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /** The server this client talks to. */
  public HttpUrl server() {
    return server;
  }

  /** Exchanges a one-time enrollment code for this terminal's credential. */
  public Reply<EnrollResponse> enroll(EnrollRequest request) throws SyncException {
    return call(post(url(ApiPaths.ENROLL), request, false), EnrollResponse.class);
  }

  /** Uploads visits; the answer acknowledges each. */
  public Reply<VisitBatchAck> upload(VisitBatch batch) throws SyncException {
    return call(post(url(ApiPaths.VISITS), batch, true), VisitBatchAck.class);
  }

  /**
   * Uploads visits and asks for the ledger changes after {@code since} in the same answer (its
   * {@code delta}, or {@code deltaRefused}), counting own visits received before {@code
   * ownVisitsBefore}; a server older than that answers neither.
   */
  public Reply<VisitBatchAck> upload(VisitBatch batch, String since, Optional<String> ownVisitsBefore)
      throws SyncException {
    Objects.requireNonNull(since, "since == null");
    HttpUrl.Builder url = url(ApiPaths.VISITS).newBuilder().addQueryParameter(ApiPaths.DELTA_SINCE, since);
    ownVisitsBefore.ifPresent(t -> url.addQueryParameter(ApiPaths.OWN_VISITS_BEFORE, t));
    return call(post(url.build(), batch, true), VisitBatchAck.class);
  }

  /** The venue's whole ledger. */
  public Reply<LedgerSnapshot> snapshot() throws SyncException {
    return snapshot(Optional.empty());
  }

  /** The snapshot, its counts holding this terminal's own visits received before {@code ownVisitsBefore}. */
  public Reply<LedgerSnapshot> snapshot(Optional<String> ownVisitsBefore) throws SyncException {
    HttpUrl.Builder url = url(ApiPaths.LEDGER_SNAPSHOT).newBuilder();
    ownVisitsBefore.ifPresent(t -> url.addQueryParameter(ApiPaths.OWN_VISITS_BEFORE, t));
    return call(get(url.build()), LedgerSnapshot.class);
  }

  /** What changed in the venue's ledger after {@code cursor}. */
  public Reply<LedgerDelta> delta(String cursor) throws SyncException {
    return delta(cursor, Optional.empty());
  }

  /** What changed after {@code cursor}, its counts holding own visits received before {@code ownVisitsBefore}. */
  public Reply<LedgerDelta> delta(String cursor, Optional<String> ownVisitsBefore) throws SyncException {
    Objects.requireNonNull(cursor, "cursor == null");
    HttpUrl.Builder url = url(ApiPaths.LEDGER_DELTA).newBuilder().addQueryParameter(ApiPaths.DELTA_SINCE, cursor);
    ownVisitsBefore.ifPresent(t -> url.addQueryParameter(ApiPaths.OWN_VISITS_BEFORE, t));
    return call(get(url.build()), LedgerDelta.class);
  }

  private HttpUrl url(String path) {
    return server.newBuilder().encodedPath(path).build();
  }

  private Request get(HttpUrl url) {
    return authorised(new Request.Builder().url(url).get(), true).build();
  }

  private Request post(HttpUrl url, Object body, boolean auth) {
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + body.getClass().getSimpleName(), e);
    }
    return authorised(new Request.Builder().url(url).post(RequestBody.create(json, JSON)), auth).build();
  }

  private Request.Builder authorised(Request.Builder request, boolean auth) {
    if (auth) {
      if (token == null) {
        throw new IllegalStateException("this terminal is not enrolled: run 'terminal enroll' first");
      }
      request.header("Authorization", "Bearer " + token);
    }
    return request.header("Accept", "application/json");
  }

  private <T> Reply<T> call(Request request, Class<T> type) throws SyncException {
    Instant sent = clock.instant();
    String what = request.method() + " " + request.url().encodedPath();
    try (Response response = http.newCall(request).execute()) {
      byte[] body = read(response.body(), what);
      Instant received = clock.instant();
      if (!response.isSuccessful()) {
        throw failure(what, response.code(), body);
      }
      T value;
      try {
        value = mapper.readValue(body, type);
      } catch (IOException e) {
        throw new SyncException.BadResponse(what + ": unreadable answer (" + e.getClass().getSimpleName() + ")",
            response.code(), e);
      }
      if (value == null) {
        throw new SyncException.BadResponse(what + ": empty answer", response.code(), null);
      }
      return new Reply<>(value, serverTime(response), sent, received);
    } catch (InterruptedIOException e) {
      throw new SyncException.Unreachable(what + ": no answer in time", e);
    } catch (IOException e) {
      throw new SyncException.Unreachable(what + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }
  }

  private static byte[] read(ResponseBody body, String what) throws IOException, SyncException {
    if (body == null) {
      return new byte[0];
    }
    if (body.contentLength() > MAX_BODY) {
      throw new SyncException.BadResponse(what + ": answer of " + body.contentLength() + " bytes is too large", 0, null);
    }
    // The length is unknown (-1) for a chunked answer and for a gzip one OkHttp unpacks itself,
    // where a small answer can unpack to gigabytes: count the bytes as they are read instead.
    BufferedSource source = body.source();
    Buffer read = new Buffer();
    while (read.size() <= MAX_BODY) {
      if (source.read(read, 64 * 1024) == -1) {
        return read.readByteArray();
      }
    }
    throw new SyncException.BadResponse(what + ": answer of more than " + MAX_BODY + " bytes is too large", 0, null);
  }

  /** The one place where an HTTP status becomes a typed failure. */
  private SyncException failure(String what, int status, byte[] body) {
    ErrorBody error = errorBody(body);
    String code = error == null ? null : error.code();
    String message = what + ": HTTP " + status + (error == null ? "" : " " + error.code() + ": " + error.message());
    if (status == 401 || status == 403) {
      return new SyncException.NotAuthorized(message, status, code);
    }
    if (status == 413) {
      return new SyncException.TooLarge(message, code);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new SyncException.ServerTrouble(message, status, code);
    }
    if (status >= 400) {
      return new SyncException.Rejected(message, status, code);
    }
    return new SyncException.BadResponse(message, status, null);
  }

  private ErrorBody errorBody(byte[] body) {
    try {
      return body.length == 0 ? null : mapper.readValue(body, ErrorBody.class);
    } catch (IOException e) {
      return null;
    }
  }

  private static Instant serverTime(Response response) {
    String text = response.header(ApiPaths.SERVER_TIME_HEADER);
    if (text == null) {
      return null;
    }
    try {
      Instant time = Instant.parse(text.strip());
      // Past the year 9999 no server's clock stands, and the offset in milliseconds would overflow.
      return time.isAfter(LATEST_SERVER_TIME) || time.isBefore(Instant.EPOCH) ? null : time;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
