package no.klipp.terminal.nfc;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import no.klipp.terminal.feedback.Pacer;
import no.klipp.terminal.scan.ReadProblem;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.scan.ScanListener;
import no.klipp.terminal.scan.ScanSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls an NFC reader and reports each card once per visit to the field: a card left lying on the
 * reader is one scan, not one per poll. It counts again only after the field was seen empty. A
 * card that could not be read is reported once; a fault of the reader itself (unplugged, not
 * answering) is logged, not signalled, since nobody may be standing at the reader.
 */
public final class NfcScanSource implements ScanSource {

  private static final Logger log = LoggerFactory.getLogger(NfcScanSource.class);

  private final String name;
  private final TagPoller poller;
  private final Duration interval;
  private final Pacer pacer;
  private volatile boolean closed;
  private Thread thread;
  private byte[] lastTag;
  private String lastProblem;
  private boolean faulty;

  /** Polls {@code poller} every {@code interval}. */
  public NfcScanSource(String name, TagPoller poller, Duration interval, Pacer pacer) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.poller = Objects.requireNonNull(poller, "poller == null");
    this.interval = Objects.requireNonNull(interval, "interval == null");
    this.pacer = Objects.requireNonNull(pacer, "pacer == null");
  }

  @Override
  public synchronized void start(ScanListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = Thread.ofVirtual().name("nfc").start(() -> run(listener));
  }

  private void run(ScanListener listener) {
    while (!closed) {
      TagRead read;
      try {
        read = poller.poll();
      } catch (RuntimeException e) {
        // A driver bug or a runtime I/O error from the bus library must not end the polling.
        read = TagRead.failed(ReadProblem.READER_FAULT, e.toString());
      }
      if (closed) {
        return;
      }
      handle(read, listener);
      try {
        pacer.pause(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Passes on what is new in {@code read}; visible for the tests of the de-duplication. */
  void handle(TagRead read, ScanListener listener) {
    boolean fault = read instanceof TagRead.Failed f && f.problem() == ReadProblem.READER_FAULT;
    if (fault) {
      if (!faulty) {
        log.warn("{}: reader fault: {}", name, ((TagRead.Failed) read).detail());
      }
      faulty = true;
      return;
    }
    if (faulty) {
      log.info("{}: reader answering again", name);
      faulty = false;
    }
    switch (read) {
      case TagRead.Empty e -> {
        lastTag = null;
        lastProblem = null;
      }
      case TagRead.Tag tag -> {
        lastProblem = null;
        if (!Arrays.equals(tag.uid(), lastTag)) {
          lastTag = tag.uid();
          listener.scanned(new Scan.Nfc(tag.payload(), tag.uid()));
        }
      }
      case TagRead.Failed failed -> {
        // A flaky read of a card already read stays silent; so does the same problem again.
        boolean sameCard = lastTag != null && Arrays.equals(failed.uid(), lastTag);
        String key = failed.problem() + Arrays.toString(failed.uid());
        if (!sameCard && !key.equals(lastProblem)) {
          lastProblem = key;
          log.info("{}: card unreadable: {} ({})", name, failed.problem(), failed.detail());
          listener.unreadable(failed.problem());
        }
        if (failed.problem() == ReadProblem.TWO_CARDS) {
          lastTag = null;
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(3));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    poller.close();
  }

  @Override
  public String toString() {
    return "NfcScanSource[" + name + "]";
  }
}
