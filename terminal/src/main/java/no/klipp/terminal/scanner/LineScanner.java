package no.klipp.terminal.scanner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import no.klipp.terminal.feedback.Pacer;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.scan.ScanListener;
import no.klipp.terminal.scan.ScanSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans read line by line from a byte stream: standard input (a developer typing, or a scanner on
 * the console), a file (a scripted demo) or a hand scanner in serial USB-CDC mode.
 */
public final class LineScanner implements ScanSource {

  private static final Logger log = LoggerFactory.getLogger(LineScanner.class);

  /** Opens the stream; called again after a serial scanner was unplugged. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final String name;
  private final Opener opener;
  private final Function<String, Optional<Scan>> meaning;
  private final Duration between;
  private final Pacer pacer;
  private final boolean reopen;
  private volatile boolean closed;
  private volatile InputStream current;
  private Thread thread;

  private LineScanner(String name, Opener opener, Function<String, Optional<Scan>> meaning, Duration between,
      Pacer pacer, boolean reopen) {
    this.name = name;
    this.opener = opener;
    this.meaning = meaning;
    this.between = between;
    this.pacer = pacer;
    this.reopen = reopen;
  }

  /** Lines typed on {@code in}, e.g. {@code System.in}; reading ends at end of input. */
  public static LineScanner stream(String name, InputStream in) {
    Objects.requireNonNull(in, "in == null");
    return new LineScanner(name, () -> in, ScanText::parse, Duration.ZERO, Pacer.sleeping(), false);
  }

  /** The lines of {@code file}, one every {@code between}, for a demo without a reader. */
  public static LineScanner file(Path file, Duration between, Pacer pacer) {
    Objects.requireNonNull(file, "file == null");
    return new LineScanner("file " + file, () -> Files.newInputStream(file), ScanText::parse, between, pacer,
        false);
  }

  /**
   * A scanner in serial (USB-CDC) mode at {@code device}, e.g. {@code /dev/ttyACM0}; the line is
   * set raw with {@code stty} so that the tty neither echoes nor edits what the scanner sends. Its
   * lines are codes' texts only ({@link ScanText#code}).
   */
  public static LineScanner serial(Path device) {
    Objects.requireNonNull(device, "device == null");
    Opener opener =
        () -> {
          if (!Files.exists(device)) {
            throw new IOException(device + ": no such device");
          }
          if (isCharacterDevice(device)) {
            rawMode(device);
          }
          return Files.newInputStream(device);
        };
    return new LineScanner("serial " + device, opener, ScanText::code, Duration.ZERO, Pacer.sleeping(), true);
  }

  @Override
  public synchronized void start(ScanListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = Thread.ofVirtual().name("scanner-lines").start(() -> run(listener));
  }

  private void run(ScanListener listener) {
    do {
      try (InputStream in = opener.open()) {
        current = in;
        read(in, listener);
        if (!reopen) {
          log.info("{}: end of input", name);
        }
      } catch (IOException e) {
        if (!closed) {
          log.warn("{}: {}", name, e.getMessage());
        }
      } catch (InterruptedException e) {
        return;
      }
      if (reopen && !closed) {
        try {
          Thread.sleep(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
          return;
        }
      }
    } while (reopen && !closed);
  }

  private void read(InputStream in, ScanListener listener) throws IOException, InterruptedException {
    LineSplitter splitter = new LineSplitter();
    boolean first = true;
    int b;
    while (!closed && (b = in.read()) >= 0) {
      var line = splitter.feed(b);
      if (line.isEmpty()) {
        continue;
      }
      var scan = meaning.apply(line.get());
      if (scan.isEmpty()) {
        continue;
      }
      if (!first && between.isPositive()) {
        pacer.pause(between);
      }
      first = false;
      if (closed) {
        return;
      }
      listener.scanned(scan.get());
    }
    // A last line without a line ending still counts, e.g. a file edited by hand.
    splitter.feed('\n').flatMap(meaning).ifPresent(s -> {
      if (!closed) {
        listener.scanned(s);
      }
    });
  }

  private static boolean isCharacterDevice(Path device) {
    try {
      int mode = (Integer) Files.getAttribute(device, "unix:mode");
      return (mode & 0170000) == 0020000; // S_IFCHR
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void rawMode(Path device) {
    try {
      Process stty =
          new ProcessBuilder(List.of("stty", "-F", device.toString(), "raw", "-echo"))
              .redirectErrorStream(true)
              .start();
      if (!stty.waitFor(3, TimeUnit.SECONDS) || stty.exitValue() != 0) {
        stty.destroy();
        log.warn("{}: stty could not set raw mode; reading it as it is", device);
      }
    } catch (IOException e) {
      log.warn("{}: stty unavailable ({}); reading it as it is", device, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Standard input and files end; a serial scanner is reopened and never ends by itself. */
  @Override
  public void awaitEnd() throws InterruptedException {
    if (reopen) {
      ScanSource.super.awaitEnd();
      return;
    }
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.join();
    }
  }

  /** Waits until reading has ended (end of input, or closed), at most {@code timeout}. */
  public void awaitEnd(Duration timeout) throws InterruptedException {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      t.join(timeout);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      InputStream in = current;
      // Standard input belongs to the process: stop listening to it, but do not close it.
      if (reopen && in != null) {
        try {
          in.close();
        } catch (IOException e) {
          // Closing only to unblock the reader.
        }
      }
    }
  }

  @Override
  public String toString() {
    return "LineScanner[" + name + "]";
  }
}
