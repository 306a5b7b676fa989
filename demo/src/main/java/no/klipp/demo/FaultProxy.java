package no.klipp.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network between terminals and the server that misbehaves on purpose: an HTTP/1.1 proxy on a
 * local port that forwards each request (one per connection) to the server and applies a
 * {@link Fault} chosen per exchange. {@link #down} simulates an outage: every connection is
 * reset at once. For the fault tests and the demo's network outage.
 */
public final class FaultProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);
  private static final int MAX_HEAD = 64 * 1024;
  private static final int MAX_BODY = 64 * 1024 * 1024;

  private final InetSocketAddress target;
  private final Supplier<Fault> faults;
  private final Duration delay;
  private final RandomGenerator random;
  private final ServerSocket listener;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);
  private volatile boolean down;
  private volatile int targetPort;

  /**
   * A proxy to {@code 127.0.0.1:targetPort}; {@code faults} chooses each exchange's fault,
   * {@code delay} is how long a {@link Fault#DELAY} holds an answer, {@code random} decides where
   * answers are cut or garbled.
   */
  public FaultProxy(int targetPort, Supplier<Fault> faults, Duration delay, RandomGenerator random) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.targetPort = targetPort;
    this.faults = Objects.requireNonNull(faults, "faults == null");
    this.delay = Objects.requireNonNull(delay, "delay == null");
    this.random = Objects.requireNonNull(random, "random == null");
    for (Fault f : Fault.values()) {
      counts.put(f, new AtomicLong());
    }
    this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().name("fault-proxy").daemon(true).start(this::accept);
  }

  /** A proxy that passes everything through (until {@link #down} is set). */
  public static FaultProxy clean(int targetPort) throws IOException {
    return new FaultProxy(targetPort, () -> Fault.NONE, Duration.ZERO, RandomGenerator.getDefault());
  }

  /** The local port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Points the proxy at another server port (a restarted server). */
  public void target(int port) {
    this.targetPort = port;
  }

  /** Takes the network down (every connection reset) or brings it back. */
  public void down(boolean down) {
    this.down = down;
  }

  /** Whether the network is down. */
  public boolean isDown() {
    return down;
  }

  /** How many exchanges got each fault so far. */
  public Map<Fault, Long> counts() {
    Map<Fault, Long> out = new EnumMap<>(Fault.class);
    counts.forEach((f, n) -> out.put(f, n.get()));
    return out;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        workers.execute(() -> exchange(client));
      } catch (IOException e) {
        if (!listener.isClosed()) {
          log.debug("accept failed: {}", e.getMessage());
        }
      }
    }
  }

  private void exchange(Socket client) {
    try (client) {
      if (down) {
        reset(client);
        return;
      }
      client.setSoTimeout(30_000);
      byte[] request = readRequest(client.getInputStream());
      if (request == null) {
        return;
      }
      Fault fault = faults.get();
      counts.get(fault).incrementAndGet();
      switch (fault) {
        case DROP_REQUEST -> { }
        case RESET -> reset(client);
        case NONE -> write(client, forward(request));
        case DROP_RESPONSE -> forward(request);
        case RESET_AFTER -> {
          forward(request);
          reset(client);
        }
        case DELAY -> {
          byte[] answer = forward(request);
          Thread.sleep(delay);
          write(client, answer);
        }
        case TRUNCATE -> {
          byte[] answer = forward(request);
          write(client, java.util.Arrays.copyOf(answer, random.nextInt(Math.max(1, answer.length))));
        }
        case GARBLE -> write(client, garble(forward(request)));
        case DUPLICATE -> {
          forward(request);
          write(client, forward(request));
        }
      }
    } catch (IOException e) {
      log.debug("exchange ended: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends the request to the server on a new connection and reads its whole answer. */
  private byte[] forward(byte[] request) throws IOException {
    try (Socket server = new Socket()) {
      server.connect(new InetSocketAddress(target.getAddress(), targetPort), 5_000);
      server.setSoTimeout(60_000);
      OutputStream out = server.getOutputStream();
      out.write(request);
      out.flush();
      return server.getInputStream().readAllBytes();
    }
  }

  private static void write(Socket client, byte[] answer) throws IOException {
    OutputStream out = client.getOutputStream();
    out.write(answer);
    out.flush();
  }

  private static void reset(Socket client) {
    try {
      client.setSoLinger(true, 0);
      client.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** Changes a few bytes after the head, or in the head when there is no body. */
  private byte[] garble(byte[] answer) {
    byte[] out = answer.clone();
    int start = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) + 4;
    if (start < 4 || start >= out.length) {
      start = 0;
    }
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n && out.length > start; i++) {
      int at = start + random.nextInt(out.length - start);
      out[at] = (byte) (out[at] ^ (1 + random.nextInt(255)));
    }
    return out;
  }

  /**
   * Reads one request (head and Content-Length body) and rewrites it to close the connection
   * after the answer, so each exchange is one connection. Null when the client sent nothing.
   */
  static byte[] readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head too large");
      }
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    StringBuilder rewritten = new StringBuilder();
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("connection:")) {
        continue;
      }
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
        if (length < 0 || length > MAX_BODY) {
          throw new IOException("bad content length " + length);
        }
      }
      rewritten.append(line).append("\r\n");
    }
    rewritten.append("Connection: close\r\n\r\n");
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      return null;
    }
    byte[] h = rewritten.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = java.util.Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    workers.shutdownNow();
  }
}
