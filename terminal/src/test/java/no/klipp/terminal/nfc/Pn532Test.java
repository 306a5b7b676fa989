package no.klipp.terminal.nfc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import no.klipp.terminal.feedback.Pacer;
import no.klipp.terminal.scan.ReadProblem;
import no.klipp.terminal.testing.Credentials;
import org.junit.jupiter.api.Test;

class Pn532Test {

  private static final byte[] UID = HexFormat.of().parseHex("04a22b6a6f6180");

  private final FakePn532 chip = new FakePn532();
  private final AtomicLong waited = new AtomicLong();
  private final Pacer pacer = time -> waited.addAndGet(time.toMillis());
  private final Pn532 pn532 = new Pn532(chip, pacer, Duration.ofMillis(100));

  @Test
  void beginReadsFirmwareAndBoundsTheSearchForCards() throws Exception {
    assertEquals("PN532 v1.6", pn532.begin().toString());
    assertEquals(List.of(0x02, 0x14, 0x32), chip.commands);
  }

  @Test
  void emptyFieldIsEmpty() {
    assertInstanceOf(TagRead.Empty.class, pn532.poll());
  }

  @Test
  void cardWithCredentialIsReadWithItsUid() {
    byte[] payload = Credentials.nfcPayload(11, UID);
    chip.field.add(Type2Tag.withCredential(UID, payload));
    TagRead.Tag tag = assertInstanceOf(TagRead.Tag.class, pn532.poll());
    assertArrayEquals(UID, tag.uid());
    assertArrayEquals(payload, tag.payload());
    assertTrue(chip.commands.contains(Pn532.IN_RELEASE), "target released after reading");
  }

  @Test
  void twoCardsInTheFieldAreRefusedNotGuessed() {
    chip.field.add(Type2Tag.withCredential(UID, Credentials.nfcPayload(1, UID)));
    byte[] other = HexFormat.of().parseHex("04112233445566");
    chip.field.add(Type2Tag.withCredential(other, Credentials.nfcPayload(2, other)));
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, pn532.poll());
    assertEquals(ReadProblem.TWO_CARDS, failed.problem());
    assertEquals(false, chip.commands.contains(Pn532.IN_DATA_EXCHANGE));
  }

  @Test
  void cardRemovedMidReadIsCardRemoved() {
    chip.field.add(Type2Tag.withCredential(UID, Credentials.nfcPayload(3, UID)));
    chip.pageReadsBeforeRemoval = 2;
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, pn532.poll());
    assertEquals(ReadProblem.CARD_REMOVED, failed.problem());
    assertArrayEquals(UID, failed.uid());
    assertInstanceOf(TagRead.Empty.class, pn532.poll(), "and the field is empty afterwards");
  }

  @Test
  void corruptedResponseIsAskedForAgainWithANack() {
    byte[] payload = Credentials.nfcPayload(4, UID);
    chip.field.add(Type2Tag.withCredential(UID, payload));
    assertInstanceOf(TagRead.Empty.class, new Pn532(new FakePn532(), pacer, Duration.ofMillis(100)).poll());
    chip.corruptResponses = 1;
    TagRead.Tag tag = assertInstanceOf(TagRead.Tag.class, pn532.poll());
    assertArrayEquals(payload, tag.payload());
  }

  @Test
  void responseCorruptedTwiceIsAReaderFault() throws Exception {
    pn532.begin();
    chip.corruptResponses = 2;
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, pn532.poll());
    assertEquals(ReadProblem.READER_FAULT, failed.problem());
    assertTrue(failed.detail().startsWith("BAD_CHECKSUM"), failed.detail());
  }

  @Test
  void commandNackedOnceIsSentAgain() throws Exception {
    chip.nackCommands = 1;
    assertEquals("PN532 v1.6", pn532.begin().toString());
  }

  @Test
  void commandNackedTwiceIsAFault() {
    chip.nackCommands = 2 * 3; // every wake-up attempt is refused twice
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, pn532.poll());
    assertEquals(ReadProblem.READER_FAULT, failed.problem());
    assertTrue(failed.detail().startsWith("NACK"), failed.detail());
  }

  @Test
  void errorFrameIsAFault() throws Exception {
    pn532.begin();
    chip.answerError = 1;
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, pn532.poll());
    assertTrue(failed.detail().startsWith("ERROR_FRAME"), failed.detail());
  }

  @Test
  void silentChipTimesOutInBoundedTimeAndRecoversWhenItAnswersAgain() {
    chip.silent = true;
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, pn532.poll());
    assertEquals(ReadProblem.READER_FAULT, failed.problem());
    assertTrue(failed.detail().startsWith("TIMEOUT"), failed.detail());
    // Three wake-up attempts, each waiting at most the 100 ms timeout plus 10 ms between them.
    assertTrue(waited.get() <= 3 * 110, "waited " + waited.get() + " ms");
    chip.silent = false;
    chip.field.add(Type2Tag.withCredential(UID, Credentials.nfcPayload(5, UID)));
    assertInstanceOf(TagRead.Tag.class, pn532.poll());
  }

  @Test
  void tagWithoutCredentialRecordIsNoCredential() {
    byte[] uri = {(byte) 0xD1, 0x01, 0x05, 'U', 0x04, 'a', '.', 'n', 'o'};
    chip.field.add(Type2Tag.withMessage(UID, uri));
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, pn532.poll());
    assertEquals(ReadProblem.NO_CREDENTIAL, failed.problem());
  }

  @Test
  void mifareClassicIsNotReadAsAType2Tag() {
    chip.field.add(new Type2Tag(HexFormat.of().parseHex("a1b2c3d4"), 0x08));
    TagRead.Failed failed = assertInstanceOf(TagRead.Failed.class, pn532.poll());
    assertEquals(ReadProblem.NO_CREDENTIAL, failed.problem());
    assertEquals(false, chip.commands.contains(Pn532.IN_DATA_EXCHANGE));
  }
}
