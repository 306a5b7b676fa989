package no.klipp.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A JSON answer written straight to the response in one piece, with its length, gzipped here when
 * the client accepts gzip and the answer is big enough to gain, for the terminals' calls.
 * {@code ctx.result(bytes)} would wrap the bytes in a stream that Javalin copies through a new 8 KB
 * buffer on every answer (3 % of the machine's CPU when 500 terminals synced at once); and Javalin's
 * own gzip deflates through a 512-byte buffer, each piece a write of its own to Jetty, and sends the
 * answer in chunks (a 5,000-visit acknowledgement: ~8 ms of a ~80 ms upload, where one deflate of the
 * whole answer takes 3).
 */
public final class JsonAnswer {

  /** Deflate level: most of level 6's saving on a big ledger at a fraction of the CPU. */
  public static final int GZIP_LEVEL = 3;
  /** Smaller answers are sent as they are: a packet either way (Javalin's own threshold too). */
  public static final int GZIP_FROM_BYTES = 1500;

  private JsonAnswer() {}

  /** Writes {@code value} as the whole answer; serialised first, so a failure leaves the answer unwritten. */
  public static void write(Context ctx, ObjectMapper mapper, Object value) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("a protocol message always serialises", e);
    }
    ctx.contentType("application/json");
    ctx.header("Vary", "Accept-Encoding");
    if (bytes.length >= GZIP_FROM_BYTES && acceptsGzip(ctx.header("Accept-Encoding"))) {
      bytes = gzip(bytes);
      ctx.header("Content-Encoding", "gzip");
    }
    ctx.res().setContentLength(bytes.length);
    try {
      // The servlet's own stream: Javalin's would gzip again by its own rule (it reads "gzip;q=0" as yes).
      ctx.res().getOutputStream().write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("the client went away", e);
    }
  }

  /**
   * Whether an {@code Accept-Encoding} header takes gzip: named, or {@code *}, with a weight above
   * 0 ({@code gzip;q=0} refuses it). Null or blank takes none.
   */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    Boolean star = null;
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      boolean wanted = weight(parts) > 0;
      if (name.equals("gzip") || name.equals("x-gzip")) {
        return wanted;
      }
      if (name.equals("*")) {
        star = wanted;
      }
    }
    return Boolean.TRUE.equals(star);
  }

  /** The {@code q} parameter of a coding, 1 when absent; 0 when it is not a number. */
  private static double weight(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          return Double.parseDouble(p.substring(2).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  /** {@code bytes} gzipped at {@link #GZIP_LEVEL} in one deflate. */
  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (OutputStream gz = new LeveledGzip(out, bytes.length)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory", e);
    }
    return out.toByteArray();
  }

  /** A gzip stream at {@link #GZIP_LEVEL} with a buffer sized to the input. */
  private static final class LeveledGzip extends GZIPOutputStream {
    LeveledGzip(OutputStream out, int size) throws IOException {
      super(out, Math.clamp(size, 512, 1 << 16));
      def.setLevel(GZIP_LEVEL);
    }
  }
}
