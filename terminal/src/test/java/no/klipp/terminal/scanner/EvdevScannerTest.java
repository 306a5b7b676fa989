package no.klipp.terminal.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvdevScannerTest {

  @TempDir Path dir;

  @BeforeEach
  void linuxOnly() {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "evdev is Linux only");
  }

  @Test
  void grabConstantIsTheKernelsIoctlNumber() {
    // _IOW('E', 0x90, int): direction write (1) << 30 | sizeof(int) << 16 | 'E' << 8 | 0x90
    assertEquals((1L << 30) | (4L << 16) | ('E' << 8) | 0x90, Evdev.EVIOCGRAB);
  }

  @Test
  void missingDeviceIsWaitedForAndClosingStopsTheWait() throws IOException {
    Path missing = dir.resolve("event99");
    var e = assertThrows(IOException.class, () -> Evdev.open(missing));
    assertTrue(e.getMessage().startsWith("cannot open " + missing), e.getMessage());
    assertTrue(e.getMessage().contains("No such file"), e.getMessage());
    EvdevScanner scanner = new EvdevScanner(missing, Duration.ofMillis(100));
    scanner.start(scan -> {}); // not there yet: no failure, a warning and a wait
    long start = System.nanoTime();
    scanner.close();
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
  }

  @Test
  void aFileThatIsNotAnInputDeviceCannotBeGrabbed() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-device"), "x");
    var e = assertThrows(IOException.class, () -> Evdev.open(file));
    assertTrue(e.getMessage().startsWith("cannot grab " + file + " exclusively"), e.getMessage());
    assertTrue(e.getMessage().contains("errno 25"), e.getMessage()); // ENOTTY
  }
}
