package no.klipp.terminal.scan;

/** A reader at the entrance (NFC, camera, hand scanner, a file) that delivers scans as they come. */
public interface ScanSource extends AutoCloseable {

  /**
   * Starts reading on a thread of the source's own; returns at once. Scans and problems are passed
   * to {@code listener} on that thread, one at a time.
   */
  void start(ScanListener listener);

  /**
   * Waits until the source has nothing more to deliver: the end of standard input or of a file.
   * A source reading a device never ends by itself, so by default this waits until interrupted.
   */
  default void awaitEnd() throws InterruptedException {
    new java.util.concurrent.CountDownLatch(1).await();
  }

  /** Stops reading and releases the device; no calls to the listener follow. Idempotent. */
  @Override
  void close();
}
