package no.klipp.terminal.nfc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import no.klipp.terminal.scan.ReadProblem;
import no.klipp.terminal.testing.Credentials;
import org.junit.jupiter.api.Test;

class PcscPollerTest {

  private static final byte[] UID = HexFormat.of().parseHex("04d3e2aa5c6b80");

  private final FakeCardTerminal terminal = new FakeCardTerminal();
  private final PcscPoller poller = new PcscPoller(terminal);

  @Test
  void noCardIsEmpty() {
    assertInstanceOf(TagRead.Empty.class, poller.poll());
  }

  @Test
  void cardIsReadWithUidAndCredentialAndDisconnected() {
    byte[] payload = Credentials.nfcPayload(31, UID);
    terminal.tag = Type2Tag.withCredential(UID, payload);
    TagRead.Tag tag = assertInstanceOf(TagRead.Tag.class, poller.poll());
    assertArrayEquals(UID, tag.uid());
    assertArrayEquals(payload, tag.payload());
    assertEquals(terminal.connects, terminal.disconnects);
  }

  @Test
  void cardPulledAwayMidReadIsCardRemoved() {
    terminal.tag = Type2Tag.withCredential(UID, Credentials.nfcPayload(32, UID));
    terminal.readsBeforeRemoval = 3;
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, poller.poll());
    assertEquals(ReadProblem.CARD_REMOVED, failed.problem());
    assertEquals(1, terminal.disconnects);
  }

  @Test
  void unpluggedReaderIsAReaderFault() {
    terminal.unplugged = true;
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, poller.poll());
    assertEquals(ReadProblem.READER_FAULT, failed.problem());
  }

  @Test
  void readerPluggedInAfterStartIsFoundAndAReaderUnpluggedIsLookedUpAgain() {
    java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
    PcscPoller lazy = new PcscPoller(() -> {
      if (lookups.incrementAndGet() == 1) {
        throw new IllegalStateException("no PC/SC reader; readers: []");
      }
      return terminal;
    }, "PC/SC any reader");
    TagRead.Failed missing = assertInstanceOf(TagRead.Failed.class, lazy.poll());
    assertEquals(ReadProblem.READER_FAULT, missing.problem());
    terminal.tag = Type2Tag.withCredential(UID, Credentials.nfcPayload(33, UID));
    assertInstanceOf(TagRead.Tag.class, lazy.poll());
    terminal.unplugged = true;
    assertInstanceOf(TagRead.Failed.class, lazy.poll());
    terminal.unplugged = false;
    assertInstanceOf(TagRead.Tag.class, lazy.poll());
    assertEquals(3, lookups.get());
  }

  @Test
  void readerIsChosenByName() {
    assertEquals(terminal, PcscPoller.choose(List.of(terminal), "ACR122"));
    assertEquals(terminal, PcscPoller.choose(List.of(terminal), " "));
    var e =
        assertThrows(IllegalStateException.class, () -> PcscPoller.choose(List.of(terminal), "SCL3711"));
    assertEquals(
        "no PC/SC reader named like 'SCL3711'; readers: [ACS ACR122U PICC Interface 00 00]",
        e.getMessage());
  }
}
