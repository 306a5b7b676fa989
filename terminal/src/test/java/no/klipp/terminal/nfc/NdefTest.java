package no.klipp.terminal.nfc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import no.klipp.terminal.testing.Credentials;
import org.junit.jupiter.api.Test;

class NdefTest {

  private static final byte[] UID = HexFormat.of().parseHex("04a22b6a6f6180");

  @Test
  void credentialIsFoundBehindALockControlTlv() throws Exception {
    byte[] payload = Credentials.nfcPayload(21, UID);
    Type2Tag tag = Type2Tag.withCredential(UID, payload);
    byte[] message = Ndef.readMessage(tag.pages()).orElseThrow();
    assertArrayEquals(payload, Ndef.credential(message).orElseThrow());
  }

  @Test
  void tagWithoutCapabilityContainerHoldsNothing() throws Exception {
    Type2Tag tag = Type2Tag.withCredential(UID, new byte[80]);
    tag.memory[12] = 0;
    assertEquals(Optional.empty(), Ndef.readMessage(tag.pages()));
  }

  @Test
  void tlvLongerThanTheDataAreaIsRefused() throws Exception {
    Type2Tag tag = Type2Tag.withCredential(UID, new byte[80]);
    tag.memory[16 + 6] = (byte) 0xFF; // three-byte length...
    tag.memory[16 + 7] = 0x10; // ...of 4096+ bytes
    assertEquals(Optional.empty(), Ndef.readMessage(tag.pages()));
  }

  @Test
  void onlyTheExternalCredentialTypeCounts() {
    byte[] message = Ndef.credentialMessage(new byte[] {1, 2, 3});
    message[0] = (byte) ((message[0] & 0xF8) | 0x02); // same type text, but as a MIME type
    assertEquals(Optional.empty(), Ndef.credential(message));
  }

  @Test
  void credentialAfterAnotherRecordIsFound() {
    byte[] first = {(byte) 0x91, 0x01, 0x05, 'U', 0x04, 'a', '.', 'n', 'o'}; // MB, SR, URI
    byte[] second = Ndef.credentialMessage(new byte[] {9, 8, 7});
    second[0] &= 0x7F; // not the first record any more
    byte[] message = new byte[first.length + second.length];
    System.arraycopy(first, 0, message, 0, first.length);
    System.arraycopy(second, 0, message, first.length, second.length);
    assertArrayEquals(new byte[] {9, 8, 7}, Ndef.credential(message).orElseThrow());
  }

  @Test
  void parserIsTotalOnRandomBytes() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      byte[] garbage = new byte[random.nextInt(64)];
      random.nextBytes(garbage);
      Ndef.records(garbage); // must not throw
      Ndef.credential(garbage);
      Type2Tag tag = new Type2Tag(UID, 0);
      random.nextBytes(tag.memory);
      tag.memory[12] = (byte) 0xE1;
      Ndef.readMessage(tag.pages());
    }
  }
}
