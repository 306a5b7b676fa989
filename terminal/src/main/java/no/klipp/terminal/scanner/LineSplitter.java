package no.klipp.terminal.scanner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Cuts a byte stream into lines at CR, LF or CRLF, dropping lines longer than {@link ScanText#MAX_LENGTH}. */
final class LineSplitter {

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean overflow;

  /** The finished line, when {@code b} ends one. */
  Optional<String> feed(int b) {
    if (b == '\r' || b == '\n') {
      boolean wasOverflow = overflow;
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      overflow = false;
      return wasOverflow || text.isEmpty() ? Optional.empty() : Optional.of(text);
    }
    if (line.size() >= ScanText.MAX_LENGTH) {
      // Bounded memory whatever arrives; the whole line is dropped at its end.
      overflow = true;
      return Optional.empty();
    }
    line.write(b);
    return Optional.empty();
  }
}
