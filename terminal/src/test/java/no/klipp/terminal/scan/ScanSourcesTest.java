package no.klipp.terminal.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import no.klipp.terminal.scanner.LineScanner;
import org.junit.jupiter.api.Test;

class ScanSourcesTest {

  private static LineScanner lines(String text) {
    return LineScanner.stream("test", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void scansOfAllSourcesArriveAndAFailingHandlerDoesNotStopAReader() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ScanSource all = ScanSources.of(List.of(lines("AAA\nBOOM\nCCC\n"), lines("1234567890\n")))) {
      all.start(scan -> {
        String text = scan instanceof Scan.Qr qr ? qr.text() : ((Scan.Typed) scan).cardNumber();
        if (text.equals("BOOM")) {
          throw new IllegalStateException("a bug while validating");
        }
        seen.add(text);
      });
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), all::awaitEnd);
    }
    assertEquals(List.of("1234567890", "AAA", "CCC"), seen.stream().sorted().toList());
  }
}
