package no.klipp.terminal.nfc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Frames as printed in the PN532 user manual and captured from a PN532 breakout board. */
class Pn532FramesTest {

  private static byte[] hex(String s) {
    return HexFormat.ofDelimiter(" ").parseHex(s);
  }

  @Test
  void commandFramesMatchTheManual() {
    assertArrayEquals(hex("00 00 ff 02 fe d4 02 2a 00"), Pn532Frames.command(0x02));
    assertArrayEquals(
        hex("00 00 ff 05 fb d4 14 01 14 01 02 00"),
        Pn532Frames.command(0x14, (byte) 0x01, (byte) 0x14, (byte) 0x01));
    assertArrayEquals(
        hex("00 00 ff 04 fc d4 4a 01 00 e1 00"), Pn532Frames.command(0x4A, (byte) 0x01, (byte) 0x00));
  }

  @Test
  void firmwareResponseIsParsed() throws Exception {
    byte[] raw = hex("00 00 ff 06 fa d5 03 32 01 06 07 e8 00 00 00");
    assertArrayEquals(hex("32 01 06 07"), Pn532Frames.response(raw, 0x02));
  }

  @Test
  void listedTargetIsParsed() throws Exception {
    // InListPassiveTarget answer for one NTAG213 with a 7-byte UID.
    byte[] raw = hex("00 00 ff 0f f1 d5 4b 01 01 00 44 00 07 04 a2 2b 6a 6f 61 80 08 00");
    assertArrayEquals(hex("01 01 00 44 00 07 04 a2 2b 6a 6f 61 80"), Pn532Frames.response(raw, 0x4A));
  }

  @Test
  void badDataChecksumIsReported() {
    byte[] raw = hex("00 00 ff 06 fa d5 03 32 01 06 07 e9 00");
    var e = assertThrows(Pn532Exception.class, () -> Pn532Frames.response(raw, 0x02));
    assertEquals(Pn532Exception.Kind.BAD_CHECKSUM, e.kind());
  }

  @Test
  void badLengthChecksumIsReported() {
    byte[] raw = hex("00 00 ff 06 fb d5 03 32 01 06 07 e8 00");
    assertEquals(
        Pn532Exception.Kind.BAD_CHECKSUM,
        assertThrows(Pn532Exception.class, () -> Pn532Frames.response(raw, 0x02)).kind());
  }

  @Test
  void errorFrameIsReported() {
    byte[] raw = hex("00 00 ff 01 ff 7f 81 00");
    assertEquals(
        Pn532Exception.Kind.ERROR_FRAME,
        assertThrows(Pn532Exception.class, () -> Pn532Frames.response(raw, 0x02)).kind());
  }

  @Test
  void responseToAnotherCommandAndTruncatedFramesAreRefused() {
    byte[] firmware = hex("00 00 ff 06 fa d5 03 32 01 06 07 e8 00");
    assertEquals(
        Pn532Exception.Kind.BAD_RESPONSE,
        assertThrows(Pn532Exception.class, () -> Pn532Frames.response(firmware, 0x4A)).kind());
    byte[] cut = hex("00 00 ff 06 fa d5 03 32");
    assertEquals(
        Pn532Exception.Kind.BAD_RESPONSE,
        assertThrows(Pn532Exception.class, () -> Pn532Frames.response(cut, 0x02)).kind());
    byte[] noise = hex("12 34 56 78 9a bc de f0 11 22 33");
    assertEquals(
        Pn532Exception.Kind.BAD_RESPONSE,
        assertThrows(Pn532Exception.class, () -> Pn532Frames.response(noise, 0x02)).kind());
  }

  @Test
  void anyBytesGiveAResponseOrAPn532ExceptionNeverAnythingElse() {
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 20_000; i++) {
      byte[] raw = new byte[random.nextInt(40)];
      random.nextBytes(raw);
      if (raw.length > 3 && random.nextBoolean()) { // often a plausible start, to get past it
        raw[0] = 0;
        raw[1] = 0;
        raw[2] = (byte) 0xFF;
      }
      try {
        Pn532Frames.response(raw, random.nextInt(256));
      } catch (Pn532Exception expected) {
        // the only failure allowed
      }
    }
  }

  @Test
  void ackAndNackAreRecognised() {
    assertTrue(Pn532Frames.isAck(hex("00 00 ff 00 ff 00")));
    assertTrue(Pn532Frames.isNack(hex("00 00 ff ff 00 00")));
    assertEquals(false, Pn532Frames.isAck(hex("00 00 ff ff 00 00")));
  }
}
