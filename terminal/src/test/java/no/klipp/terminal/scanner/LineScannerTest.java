package no.klipp.terminal.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.testing.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineScannerTest {

  @TempDir Path dir;

  @Test
  void standardInputLinesBecomeScans() throws Exception {
    String qr = Credentials.qrText(3);
    String input = qr + "\r\n\n1234 5678 90\n" + "Z".repeat(600) + "\nlast-without-newline";
    List<Scan> scans = new CopyOnWriteArrayList<>();
    LineScanner scanner =
        LineScanner.stream("stdin", new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    scanner.start(scans::add);
    scanner.awaitEnd(Duration.ofSeconds(5));
    assertEquals(
        List.of(new Scan.Qr(qr), new Scan.Typed("1234567890"), new Scan.Qr("last-without-newline")),
        scans);
  }

  @Test
  void fileIsReplayedWithAPauseBetweenScans() throws Exception {
    Path file = dir.resolve("demo.txt");
    Files.writeString(file, "1111111111\n\n2222222222\n3333333333\n");
    List<String> happened = new CopyOnWriteArrayList<>();
    LineScanner scanner =
        LineScanner.file(file, Duration.ofSeconds(2), time -> happened.add("pause " + time.toSeconds()));
    scanner.start(scan -> happened.add(((Scan.Typed) scan).cardNumber()));
    scanner.awaitEnd(Duration.ofSeconds(5));
    assertEquals(
        List.of("1111111111", "pause 2", "2222222222", "pause 2", "3333333333"), happened);
  }

  @Test
  void serialScannerReadsCarriageReturnTerminatedScans() throws Exception {
    Path fifo = dir.resolve("ttyACM0");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo unavailable");
    LinkedBlockingQueue<Scan> scans = new LinkedBlockingQueue<>();
    LineScanner scanner = LineScanner.serial(fifo);
    scanner.start(scans::add);
    String qr = Credentials.qrText(9);
    try (OutputStream port = Files.newOutputStream(fifo)) {
      port.write((qr + "\r" + "0123456789\r" + "nfc:01:04\r").getBytes(StandardCharsets.US_ASCII));
    }
    assertEquals(new Scan.Qr(qr), scans.poll(5, TimeUnit.SECONDS));
    // A code holding a card number or a simulated tap is a code's text, refused by validation.
    assertEquals(new Scan.Qr("0123456789"), scans.poll(5, TimeUnit.SECONDS));
    assertEquals(new Scan.Qr("nfc:01:04"), scans.poll(5, TimeUnit.SECONDS));
    long start = System.nanoTime();
    scanner.close();
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
  }

  @Test
  void missingSerialDeviceIsWaitedForWithoutScans() throws Exception {
    List<Scan> scans = new CopyOnWriteArrayList<>();
    LineScanner scanner = LineScanner.serial(dir.resolve("ttyACM9"));
    scanner.start(scans::add);
    scanner.close();
    scanner.awaitEnd(Duration.ofSeconds(3));
    assertEquals(List.of(), scans);
  }
}
