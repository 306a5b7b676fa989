package no.klipp.terminal.scanner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import no.klipp.terminal.scan.ScanListener;
import no.klipp.terminal.scan.ScanSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyboard-wedge hand scanner read from its Linux input event device (best a stable name under
 * {@code /dev/input/by-id/}), grabbed so its keystrokes reach no console. An unplugged scanner is
 * reopened when it comes back.
 */
public final class EvdevScanner implements ScanSource {

  private static final Logger log = LoggerFactory.getLogger(EvdevScanner.class);
  private static final int POLL_MILLIS = 250;
  private static final Duration REOPEN_AFTER = Duration.ofSeconds(2);

  private final Path device;
  private final Duration maxKeyGap;
  private final Keymap keymap;
  private volatile boolean closed;
  private Thread thread;

  /** A US-layout scanner at {@code device}; keys further apart than {@code maxKeyGap} start a new scan. */
  public EvdevScanner(Path device, Duration maxKeyGap) {
    this(device, maxKeyGap, Keymap.US);
  }

  /** A scanner at {@code device} set to {@code keymap}'s keyboard layout. */
  public EvdevScanner(Path device, Duration maxKeyGap, Keymap keymap) {
    this.device = Objects.requireNonNull(device, "device == null");
    this.maxKeyGap = Objects.requireNonNull(maxKeyGap, "maxKeyGap == null");
    this.keymap = Objects.requireNonNull(keymap, "keymap == null");
  }

  /**
   * Opens and grabs the device; when it is not there (yet: USB devices may appear after the
   * terminal started), says so in the log and keeps trying.
   */
  @Override
  public synchronized void start(ScanListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    Evdev first;
    try {
      first = Evdev.open(device);
    } catch (IOException e) {
      log.warn("hand scanner: {}; waiting for it", e.getMessage());
      first = null;
    }
    Evdev opened = first;
    thread = Thread.ofVirtual().name("scanner-evdev").start(() -> run(opened, listener));
  }

  private void run(Evdev first, ScanListener listener) {
    Evdev evdev = first != null ? first : reopen();
    byte[] bytes = new byte[Evdev.eventSize() * 64];
    while (evdev != null && !closed) {
      EvdevDecoder decoder = new EvdevDecoder(Evdev.eventSize(), maxKeyGap, keymap);
      try (Evdev open = evdev) {
        while (!closed) {
          int n = open.read(bytes, POLL_MILLIS);
          for (String line : decoder.feed(bytes, n)) {
            ScanText.code(line).ifPresent(listener::scanned);
          }
        }
      } catch (IOException e) {
        log.warn("hand scanner lost: {}", e.getMessage());
      }
      evdev = reopen();
    }
  }

  private Evdev reopen() {
    while (!closed) {
      try {
        Thread.sleep(REOPEN_AFTER);
        Evdev evdev = Evdev.open(device);
        log.info("hand scanner back: {}", device);
        return evdev;
      } catch (InterruptedException e) {
        return null;
      } catch (IOException e) {
        log.debug("hand scanner still away: {}", e.getMessage());
      }
    }
    return null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "EvdevScanner[" + device + "]";
  }
}
