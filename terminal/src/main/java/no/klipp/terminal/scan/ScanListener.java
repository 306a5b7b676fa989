package no.klipp.terminal.scan;

/** Receives what a {@link ScanSource} reads. */
@FunctionalInterface
public interface ScanListener {

  /** Something was read. */
  void scanned(Scan scan);

  /** Something was presented but could not be read; the entrance should say so, not stay silent. */
  default void unreadable(ReadProblem problem) {}
}
