package no.klipp.terminal.nfc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The NDEF side of a card: the Type 2 tag memory layout (capability container, TLVs) and the NDEF
 * message inside it. A Klipp card holds one NFC Forum external-type record {@value #CREDENTIAL_TYPE}
 * whose payload is the raw credential. Parsing is total: bad bytes give an empty result.
 */
public final class Ndef {

  /** The record type of the credential (TNF 4, NFC Forum external type). */
  public static final String CREDENTIAL_TYPE = "klipp.no:kl1";

  static final int TNF_EXTERNAL = 0x04;
  private static final int CC_MAGIC = 0xE1;
  private static final int TLV_NULL = 0x00;
  private static final int TLV_NDEF = 0x03;
  private static final int TLV_TERMINATOR = 0xFE;
  /** NTAG216, the largest common Type 2 tag, has 888 bytes of user memory. */
  static final int MAX_DATA_AREA = 1024;

  /** One NDEF record. */
  record NdefRecord(int tnf, byte[] type, byte[] payload) {
    String typeText() {
      return new String(type, StandardCharsets.US_ASCII);
    }
  }

  private Ndef() {}

  /** Reads the NDEF message of a Type 2 tag; empty if the tag is not NDEF-formatted or holds none. */
  static Optional<byte[]> readMessage(PageReader tag) throws PageReader.TagGoneException {
    byte[] header = tag.read(0); // pages 0..3: UID, lock bytes, capability container
    if ((header[12] & 0xFF) != CC_MAGIC) {
      return Optional.empty();
    }
    int dataArea = Math.min((header[14] & 0xFF) * 8, MAX_DATA_AREA);
    Memory memory = new Memory(tag, dataArea);
    int at = 0;
    while (at < dataArea) {
      int t = memory.at(at);
      if (t == TLV_TERMINATOR) {
        return Optional.empty();
      }
      if (t == TLV_NULL) {
        at++;
        continue;
      }
      int length = memory.at(at + 1);
      int valueAt = at + 2;
      if (length == 0xFF) {
        length = (memory.at(at + 2) << 8) | memory.at(at + 3);
        valueAt = at + 4;
      }
      if (valueAt + length > dataArea) {
        return Optional.empty();
      }
      if (t == TLV_NDEF) {
        return Optional.of(memory.bytes(valueAt, length));
      }
      at = valueAt + length; // lock and memory control TLVs, proprietary TLVs
    }
    return Optional.empty();
  }

  /** The records of an NDEF message; empty if it is malformed or chunked. */
  static List<NdefRecord> records(byte[] message) {
    List<NdefRecord> records = new ArrayList<>();
    int at = 0;
    while (at < message.length) {
      int flags = message[at] & 0xFF;
      boolean shortRecord = (flags & 0x10) != 0;
      boolean hasId = (flags & 0x08) != 0;
      boolean chunked = (flags & 0x20) != 0;
      if (chunked) {
        return List.of();
      }
      int p = at + 1;
      if (p >= message.length) {
        return List.of();
      }
      int typeLength = message[p++] & 0xFF;
      long payloadLength;
      if (shortRecord) {
        if (p + 1 > message.length) {
          return List.of();
        }
        payloadLength = message[p++] & 0xFF;
      } else {
        if (p + 4 > message.length) {
          return List.of();
        }
        payloadLength =
            ((long) (message[p] & 0xFF) << 24)
                | ((message[p + 1] & 0xFF) << 16)
                | ((message[p + 2] & 0xFF) << 8)
                | (message[p + 3] & 0xFF);
        p += 4;
      }
      int idLength = 0;
      if (hasId) {
        if (p >= message.length) {
          return List.of();
        }
        idLength = message[p++] & 0xFF;
      }
      long end = (long) p + typeLength + idLength + payloadLength;
      if (end > message.length) {
        return List.of();
      }
      byte[] type = Arrays.copyOfRange(message, p, p + typeLength);
      int payloadAt = p + typeLength + idLength;
      byte[] payload = Arrays.copyOfRange(message, payloadAt, (int) end);
      records.add(new NdefRecord(flags & 0x07, type, payload));
      if ((flags & 0x40) != 0) { // ME: message end
        return records;
      }
      at = (int) end;
    }
    return records;
  }

  /** The payload of the credential record in {@code message}, if there is one. */
  static Optional<byte[]> credential(byte[] message) {
    return records(message).stream()
        .filter(r -> r.tnf() == TNF_EXTERNAL && r.typeText().equals(CREDENTIAL_TYPE))
        .map(NdefRecord::payload)
        .findFirst();
  }

  /** An NDEF message of one credential record: what a card issuer writes to the tag. */
  public static byte[] credentialMessage(byte[] payload) {
    byte[] type = CREDENTIAL_TYPE.getBytes(StandardCharsets.US_ASCII);
    if (payload.length > 255) {
      throw new IllegalArgumentException("payload too long for a short record: " + payload.length);
    }
    byte[] out = new byte[3 + type.length + payload.length];
    out[0] = (byte) (0x80 | 0x40 | 0x10 | TNF_EXTERNAL); // MB, ME, SR
    out[1] = (byte) type.length;
    out[2] = (byte) payload.length;
    System.arraycopy(type, 0, out, 3, type.length);
    System.arraycopy(payload, 0, out, 3 + type.length, payload.length);
    return out;
  }

  /** The tag's data area (from page 4), read lazily 16 bytes at a time and only as far as needed. */
  private static final class Memory {
    private final PageReader tag;
    private final byte[] data;
    private int loaded;

    Memory(PageReader tag, int size) {
      this.tag = tag;
      this.data = new byte[size];
    }

    int at(int index) throws PageReader.TagGoneException {
      if (index >= data.length) {
        return TLV_TERMINATOR;
      }
      while (loaded <= index) {
        byte[] chunk = tag.read(4 + loaded / 4);
        System.arraycopy(chunk, 0, data, loaded, Math.min(16, data.length - loaded));
        loaded += 16;
      }
      return data[index] & 0xFF;
    }

    byte[] bytes(int from, int length) throws PageReader.TagGoneException {
      if (length > 0) {
        at(from + length - 1);
      }
      return Arrays.copyOfRange(data, from, from + length);
    }
  }
}
