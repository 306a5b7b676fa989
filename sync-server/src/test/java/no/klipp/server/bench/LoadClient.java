package no.klipp.server.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * One simulated terminal's HTTP/1.1 connection, kept alive, for load benchmarks: it sends what the
 * terminals' OkHttp client sends (bearer token, JSON, {@code Accept-Encoding: gzip}) and reads the
 * whole answer, unpacking gzip, but with next to no CPU of its own. Hundreds of these share the
 * server's two cores in a benchmark, where real terminals would each bring their own; OkHttp's
 * per-call machinery (interceptors, timeouts, pools) cost as much CPU as the server's handling.
 */
final class LoadClient implements AutoCloseable {

  /** A status and the (unpacked) body. */
  record Answer(int status, byte[] body) {}

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  /**
   * What was read from the socket and not yet used: read here rather than through a
   * BufferedInputStream, whose every one-byte read takes a lock (3 % of the machine's CPU in a
   * burst went to reading header lines a byte at a time).
   */
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;

  LoadClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  Answer post(String path, String token, byte[] json) throws IOException {
    return call("POST", path, token, json);
  }

  Answer get(String path, String token) throws IOException {
    return call("GET", path, token, null);
  }

  private Answer call(String method, String path, String token, byte[] body) throws IOException {
    if (socket == null) {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      position = 0;
      limit = 0;
      out = socket.getOutputStream();
    }
    StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append(':').append(port).append("\r\n")
        .append("Accept-Encoding: gzip\r\nUser-Agent: klipp-load\r\n");
    if (token != null) {
      head.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    }
    byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    byte[] request = headBytes;
    if (body != null) {
      // One write: the request leaves in as few segments as the kernel allows.
      request = new byte[headBytes.length + body.length];
      System.arraycopy(headBytes, 0, request, 0, headBytes.length);
      System.arraycopy(body, 0, request, headBytes.length, body.length);
    }
    out.write(request);
    out.flush();
    return read();
  }

  private Answer read() throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean gzip = false;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
      String value = h.substring(colon + 1).trim().toLowerCase(java.util.Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "content-encoding" -> gzip = value.contains("gzip");
        case "connection" -> close = value.contains("close");
        default -> { }
      }
    }
    ByteArrayOutputStream raw = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
    if (chunked) {
      for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
          size = Long.parseLong(line().split(";")[0].trim(), 16)) {
        copy(size, raw);
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // trailers: none expected
      }
    } else if (length >= 0) {
      copy(length, raw);
    } else {
      for (int b = next(); b >= 0; b = next()) {
        raw.write(b);
      }
      close = true;
    }
    if (close) {
      close();
    }
    byte[] bytes = raw.toByteArray();
    if (gzip) {
      try (InputStream unpacked = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
        bytes = unpacked.readAllBytes();
      }
    }
    return new Answer(status, bytes);
  }

  private void copy(long n, ByteArrayOutputStream to) throws IOException {
    while (n > 0) {
      if (position == limit && !fill()) {
        throw new IOException("connection closed inside a response");
      }
      int r = (int) Math.min(n, limit - position);
      to.write(buffer, position, r);
      position += r;
      n -= r;
    }
  }

  /** The next byte, or -1 at the end of the stream. */
  private int next() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  /** Reads what the socket has; false at the end of the stream. */
  private boolean fill() throws IOException {
    int r = in.read(buffer, 0, buffer.length);
    if (r <= 0) {
      return false;
    }
    position = 0;
    limit = r;
    return true;
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int c = next(); c != '\n'; c = next()) {
      if (c < 0) {
        throw new IOException("connection closed inside a response");
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
