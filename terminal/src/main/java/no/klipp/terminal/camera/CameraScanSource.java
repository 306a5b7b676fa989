package no.klipp.terminal.camera;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.scan.ScanListener;
import no.klipp.terminal.scan.ScanSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QR codes from a stream of raw YUV420 frames (a camera process's output). One thread reads frames
 * as fast as they come; another decodes only the newest, so a slow decode skips frames instead of
 * falling behind. A code seen in successive frames is one scan.
 */
public final class CameraScanSource implements ScanSource {

  private static final Logger log = LoggerFactory.getLogger(CameraScanSource.class);

  /** Opens the frame stream, e.g. starts the camera process and returns its standard output. */
  @FunctionalInterface
  public interface FrameStream {
    InputStream open() throws IOException;
  }

  private static final Duration RESTART_AFTER = Duration.ofSeconds(2);

  private final FrameStream stream;
  private final boolean restart;
  private final YuvFormat format;
  private final QrDecoder decoder;
  private final RepeatFilter repeats;
  private final Object lock = new Object();
  private final Deque<byte[]> free = new ArrayDeque<>();
  private byte[] pending;
  private boolean ended;
  private volatile boolean closed;
  private volatile InputStream input;
  private long framesRead;
  private long framesDecoded;
  private Thread reader;
  private Thread decoding;

  /**
   * Decodes frames of {@code format} from {@code stream} with {@code decoder}; when the stream
   * ends (the camera process died), it is opened again after a pause.
   */
  public CameraScanSource(
      FrameStream stream, YuvFormat format, QrDecoder decoder, Clock clock, Duration repeatHoldoff) {
    this(stream, format, decoder, clock, repeatHoldoff, true);
  }

  CameraScanSource(
      FrameStream stream, YuvFormat format, QrDecoder decoder, Clock clock, Duration repeatHoldoff,
      boolean restart) {
    this.stream = Objects.requireNonNull(stream, "stream == null");
    this.restart = restart;
    this.format = Objects.requireNonNull(format, "format == null");
    this.decoder = Objects.requireNonNull(decoder, "decoder == null");
    this.repeats = new RepeatFilter(clock, repeatHoldoff);
    // One buffer being read, one waiting, one being decoded: no allocation per frame.
    for (int i = 0; i < 3; i++) {
      free.add(new byte[format.frameBytes()]);
    }
  }

  @Override
  public synchronized void start(ScanListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    if (reader != null) {
      throw new IllegalStateException("already started");
    }
    reader = Thread.ofVirtual().name("camera-read").start(this::read);
    decoding = Thread.ofPlatform().daemon().name("camera-decode").start(() -> decode(listener));
  }

  private void read() {
    try {
      do {
        readOnce();
        if (restart && !closed) {
          Thread.sleep(RESTART_AFTER);
        }
      } while (restart && !closed);
    } catch (InterruptedException e) {
      // closed
    } finally {
      synchronized (lock) {
        ended = true;
        lock.notifyAll();
      }
    }
  }

  private void readOnce() {
    byte[] buffer = null;
    try (InputStream in = stream.open()) {
      input = in;
      while (!closed) {
        synchronized (lock) {
          buffer = free.remove();
        }
        if (in.readNBytes(buffer, 0, buffer.length) < buffer.length) {
          throw new EOFException("camera stream ended");
        }
        synchronized (lock) {
          framesRead++;
          if (pending != null) {
            free.add(pending); // never decoded: a newer frame replaces it
          }
          pending = buffer;
          buffer = null;
          lock.notifyAll();
        }
      }
    } catch (IOException e) {
      if (!closed) {
        log.warn("camera: {}", e.getMessage());
      }
    } finally {
      if (buffer != null) {
        // The frame cut off when the camera died: without it back, each restart would leave the
        // pool a buffer short until the reader found none free.
        synchronized (lock) {
          free.add(buffer);
        }
      }
    }
  }

  private void decode(ScanListener listener) {
    while (true) {
      byte[] frame;
      synchronized (lock) {
        while (pending == null && !ended && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (pending == null || closed) {
          return;
        }
        frame = pending;
        pending = null;
      }
      Optional<String> text;
      try {
        text = decoder.decode(new LumaFrame(frame, format.width(), format.height(), format.stride()));
      } catch (RuntimeException e) {
        log.warn("QR decoder failed on a frame: {}", e.toString());
        text = Optional.empty();
      }
      synchronized (lock) {
        framesDecoded++;
        free.add(frame);
      }
      if (text.isPresent() && repeats.fresh(text.get()) && !closed) {
        log.debug("camera: QR code read");
        listener.scanned(new Scan.Qr(text.get()));
      }
    }
  }

  /** Waits until the stream has ended (without restarts) and every frame taken is decoded. */
  void awaitEnd(Duration timeout) throws InterruptedException {
    Thread r;
    Thread d;
    synchronized (this) {
      r = reader;
      d = decoding;
    }
    if (r != null) {
      r.join(timeout);
      d.join(timeout);
    }
  }

  /** Frames read from the stream and frames decoded, for the log and the tests. */
  public long[] counts() {
    synchronized (lock) {
      return new long[] {framesRead, framesDecoded};
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    InputStream in = input;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // Closing only to unblock the reader.
      }
    }
    if (reader != null) {
      reader.interrupt(); // ends a pause before a restart
    }
    synchronized (lock) {
      lock.notifyAll();
    }
    long[] counts = counts();
    log.info("camera: {} frames read, {} decoded", counts[0], counts[1]);
  }
}
