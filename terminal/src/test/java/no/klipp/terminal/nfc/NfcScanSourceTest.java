package no.klipp.terminal.nfc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import no.klipp.terminal.scan.ReadProblem;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.scan.ScanListener;
import org.junit.jupiter.api.Test;

class NfcScanSourceTest {

  private static final byte[] A = {1, 2, 3, 4};
  private static final byte[] B = {5, 6, 7, 8};

  private final List<String> heard = new ArrayList<>();
  private final ScanListener listener =
      new ScanListener() {
        @Override
        public void scanned(Scan scan) {
          heard.add("scan " + Arrays.toString(((Scan.Nfc) scan).uid()));
        }

        @Override
        public void unreadable(ReadProblem problem) {
          heard.add(problem.name());
        }
      };

  private static TagRead tag(byte[] uid) {
    return new TagRead.Tag(uid, new byte[] {42});
  }

  private List<String> run(TagRead... reads) {
    NfcScanSource source = new NfcScanSource("test", TagRead::empty, Duration.ZERO, t -> {});
    for (TagRead read : reads) {
      source.handle(read, listener);
    }
    return heard;
  }

  @Test
  void cardLeftOnTheReaderCountsOnce() {
    assertEquals(List.of("scan [1, 2, 3, 4]"), run(tag(A), tag(A), tag(A)));
  }

  @Test
  void cardTakenAwayAndShownAgainCountsAgain() {
    assertEquals(
        List.of("scan [1, 2, 3, 4]", "scan [1, 2, 3, 4]"),
        run(tag(A), TagRead.empty(), tag(A)));
  }

  @Test
  void flakyReadOfACardAlreadyReadIsSilentAndDoesNotCountItAgain() {
    TagRead flaky = new TagRead.Failed(ReadProblem.CARD_REMOVED, A, "status 0x1");
    assertEquals(List.of("scan [1, 2, 3, 4]"), run(tag(A), flaky, tag(A)));
  }

  @Test
  void anotherCardCountsAtOnce() {
    assertEquals(List.of("scan [1, 2, 3, 4]", "scan [5, 6, 7, 8]"), run(tag(A), tag(B)));
  }

  @Test
  void readerFaultIsNotSignalledAndDoesNotForgetTheCardOnTheReader() {
    TagRead fault = TagRead.failed(ReadProblem.READER_FAULT, "TIMEOUT: no ACK");
    assertEquals(List.of("scan [1, 2, 3, 4]"), run(fault, tag(A), fault, fault, tag(A)));
  }

  @Test
  void sameProblemIsReportedOnceUntilTheFieldChanges() {
    TagRead two = TagRead.failed(ReadProblem.TWO_CARDS, "two");
    assertEquals(
        List.of("TWO_CARDS", "scan [1, 2, 3, 4]", "TWO_CARDS"),
        run(two, two, two, tag(A), two, two));
  }

  @Test
  void aPollerThatThrowsIsAReaderFaultAndPollingGoesOn() throws Exception {
    Deque<TagRead> script = new ArrayDeque<>(List.of(tag(A)));
    java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
    TagPoller flaky = () -> {
      if (polls.incrementAndGet() == 1) {
        throw new IllegalStateException("bus error");
      }
      return script.isEmpty() ? TagRead.empty() : script.remove();
    };
    java.util.concurrent.LinkedBlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
    NfcScanSource source = new NfcScanSource("test", flaky, Duration.ofMillis(1), t -> {});
    source.start(new ScanListener() {
      @Override
      public void scanned(Scan scan) {
        events.add("scan");
      }

      @Override
      public void unreadable(ReadProblem problem) {
        events.add(problem.name());
      }
    });
    // The fault is logged, not signalled: nobody may be standing at the reader.
    assertEquals("scan", events.poll(5, TimeUnit.SECONDS));
    source.close();
  }

  @Test
  void pollingRunsOnItsOwnThreadUntilClosed() throws Exception {
    Deque<TagRead> script = new ArrayDeque<>(List.of(TagRead.empty(), tag(A), tag(A), TagRead.empty(), tag(B)));
    CountDownLatch twoScans = new CountDownLatch(2);
    NfcScanSource source =
        new NfcScanSource(
            "test", () -> script.isEmpty() ? TagRead.empty() : script.remove(), Duration.ofMillis(1), t -> {});
    List<Scan> scans = new java.util.concurrent.CopyOnWriteArrayList<>();
    source.start(
        scan -> {
          scans.add(scan);
          twoScans.countDown();
        });
    twoScans.await(5, TimeUnit.SECONDS);
    source.close();
    assertEquals(2, scans.size());
  }
}
