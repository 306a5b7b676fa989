package no.klipp.terminal.scanner;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Assembles a scan from the keystrokes of a keyboard-wedge scanner: characters until Enter. A
 * scanner types a whole code in a burst; a key that comes long after the previous one starts over,
 * so a stray key pressed before a scan does not end up in it, and a lone stray key followed later
 * by Enter is not a scan.
 */
final class KeystrokeAssembler {

  private final long maxGapMillis;
  private final StringBuilder buffer = new StringBuilder();
  private long lastKeyAt = Long.MIN_VALUE;
  private boolean overflow;

  KeystrokeAssembler(Duration maxGap) {
    Objects.requireNonNull(maxGap, "maxGap == null");
    this.maxGapMillis = maxGap.toMillis();
  }

  /** A printable character typed at {@code atMillis}. */
  void key(char c, long atMillis) {
    if (stale(atMillis)) {
      reset();
    }
    lastKeyAt = atMillis;
    if (buffer.length() >= ScanText.MAX_LENGTH) {
      overflow = true;
    } else {
      buffer.append(c);
    }
  }

  /** Enter at {@code atMillis}: the scan, if a burst of keys just ended. */
  Optional<String> enter(long atMillis) {
    boolean fresh = !stale(atMillis) && !overflow && !buffer.isEmpty();
    String text = buffer.toString();
    reset();
    return fresh ? Optional.of(text) : Optional.empty();
  }

  private boolean stale(long atMillis) {
    return lastKeyAt != Long.MIN_VALUE && atMillis - lastKeyAt > maxGapMillis;
  }

  private void reset() {
    buffer.setLength(0);
    overflow = false;
    lastKeyAt = Long.MIN_VALUE;
  }
}
