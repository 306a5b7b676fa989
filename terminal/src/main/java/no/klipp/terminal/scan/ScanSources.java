package no.klipp.terminal.scan;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readers at one entrance seen as one source: their scans are passed on one at a time, and a
 * failure while handling one scan is logged without stopping the reader that delivered it.
 */
public final class ScanSources implements ScanSource {

  private static final Logger log = LoggerFactory.getLogger(ScanSources.class);

  private final List<ScanSource> sources;

  private ScanSources(List<ScanSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /** All of {@code sources} together. */
  public static ScanSource of(List<ScanSource> sources) {
    return new ScanSources(sources);
  }

  @Override
  public void start(ScanListener listener) {
    // Readers run on their own threads; validation expects one scan at a time.
    ScanListener serial =
        new ScanListener() {
          @Override
          public synchronized void scanned(Scan scan) {
            try {
              listener.scanned(scan);
            } catch (RuntimeException e) {
              log.error("handling a scan failed; the reader goes on", e);
            }
          }

          @Override
          public synchronized void unreadable(ReadProblem problem) {
            try {
              listener.unreadable(problem);
            } catch (RuntimeException e) {
              log.error("handling an unreadable card failed; the reader goes on", e);
            }
          }
        };
    for (ScanSource source : sources) {
      source.start(serial);
    }
  }

  /** Waits until every source has ended; with any device among them, that is never. */
  @Override
  public void awaitEnd() throws InterruptedException {
    for (ScanSource source : sources) {
      source.awaitEnd();
    }
  }

  @Override
  public void close() {
    for (ScanSource source : sources) {
      try {
        source.close();
      } catch (RuntimeException e) {
        log.warn("closing a reader failed: {}", e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "ScanSources" + sources;
  }
}
