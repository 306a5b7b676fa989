package no.klipp.terminal.nfc;

import java.util.Arrays;

/** The memory of an NTAG213 as a card issuer leaves it: UID, capability container, NDEF TLV. */
final class Type2Tag {

  final byte[] uid;
  final byte[] memory = new byte[180]; // 45 pages
  final int sak;

  Type2Tag(byte[] uid, int sak) {
    this.uid = uid.clone();
    this.sak = sak;
    System.arraycopy(uid, 0, memory, 0, Math.min(uid.length, 9));
    memory[12] = (byte) 0xE1; // NDEF magic
    memory[13] = 0x10; // version 1.0
    memory[14] = 0x12; // 144 bytes of data area
    memory[15] = 0x00; // read/write
  }

  /** A tag holding {@code message} in an NDEF TLV, after a lock control TLV as NTAGs ship. */
  static Type2Tag withMessage(byte[] uid, byte[] message) {
    Type2Tag tag = new Type2Tag(uid, 0x00);
    byte[] tlvs = new byte[5 + 2 + message.length + 1];
    int at = 0;
    tlvs[at++] = 0x01; // lock control TLV
    tlvs[at++] = 0x03;
    tlvs[at++] = (byte) 0xA0;
    tlvs[at++] = 0x10;
    tlvs[at++] = 0x44;
    tlvs[at++] = 0x03;
    tlvs[at++] = (byte) message.length;
    System.arraycopy(message, 0, tlvs, at, message.length);
    tlvs[at + message.length] = (byte) 0xFE;
    System.arraycopy(tlvs, 0, tag.memory, 16, tlvs.length);
    return tag;
  }

  static Type2Tag withCredential(byte[] uid, byte[] payload) {
    return withMessage(uid, Ndef.credentialMessage(payload));
  }

  /** What READ (0x30) returns: 16 bytes from {@code page}, wrapping like a real NTAG. */
  byte[] read(int page) {
    byte[] out = new byte[16];
    for (int i = 0; i < 16; i++) {
      out[i] = memory[(page * 4 + i) % memory.length];
    }
    return out;
  }

  PageReader pages() {
    return this::read;
  }

  @Override
  public String toString() {
    return "Type2Tag" + Arrays.toString(uid);
  }
}
