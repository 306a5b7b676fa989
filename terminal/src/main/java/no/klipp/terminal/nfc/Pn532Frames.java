package no.klipp.terminal.nfc;

import java.util.Arrays;
import java.util.HexFormat;

/** PN532 normal information frames: 00 00 FF LEN LCS TFI DATA... DCS 00, and ACK/NACK. */
final class Pn532Frames {

  static final byte HOST_TO_PN532 = (byte) 0xD4;
  static final byte PN532_TO_HOST = (byte) 0xD5;
  static final byte[] ACK = {0x00, 0x00, (byte) 0xFF, 0x00, (byte) 0xFF, 0x00};
  static final byte[] NACK = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, 0x00};
  /** Where a response's start code may begin: after at most this many preamble bytes. */
  private static final int MAX_PREAMBLE = 8;

  private Pn532Frames() {}

  /** The frame carrying {@code command} with {@code params} to the PN532. */
  static byte[] command(int command, byte... params) {
    int length = params.length + 2; // TFI + command code
    if (length > 255) {
      throw new IllegalArgumentException("frame too long: " + length);
    }
    byte[] frame = new byte[length + 7];
    frame[0] = 0x00;
    frame[1] = 0x00;
    frame[2] = (byte) 0xFF;
    frame[3] = (byte) length;
    frame[4] = (byte) -length;
    frame[5] = HOST_TO_PN532;
    frame[6] = (byte) command;
    System.arraycopy(params, 0, frame, 7, params.length);
    int sum = 0;
    for (int i = 5; i < 7 + params.length; i++) {
      sum += frame[i];
    }
    frame[7 + params.length] = (byte) -sum;
    frame[8 + params.length] = 0x00;
    return frame;
  }

  /** Whether {@code raw} starts with an ACK frame. */
  static boolean isAck(byte[] raw) {
    return startsWith(raw, ACK);
  }

  /** Whether {@code raw} starts with a NACK frame. */
  static boolean isNack(byte[] raw) {
    return startsWith(raw, NACK);
  }

  /** The data of the response to {@code command} in {@code raw}, after TFI and response code. */
  static byte[] response(byte[] raw, int command) throws Pn532Exception {
    int start = -1;
    for (int i = 0; i + 1 < raw.length && i <= MAX_PREAMBLE; i++) {
      if (raw[i] == 0x00 && raw[i + 1] == (byte) 0xFF) {
        start = i + 2;
        break;
      }
    }
    if (start < 0 || start + 2 > raw.length) {
      throw new Pn532Exception(Pn532Exception.Kind.BAD_RESPONSE, "no start code in " + hex(raw));
    }
    int length = raw[start] & 0xFF;
    int lcs = raw[start + 1] & 0xFF;
    if (((length + lcs) & 0xFF) != 0) {
      throw new Pn532Exception(Pn532Exception.Kind.BAD_CHECKSUM, "length checksum in " + hex(raw));
    }
    if (length == 0) {
      throw new Pn532Exception(Pn532Exception.Kind.BAD_RESPONSE, "ACK where a response was due");
    }
    int dataAt = start + 2;
    if (dataAt + length + 1 > raw.length) {
      throw new Pn532Exception(Pn532Exception.Kind.BAD_RESPONSE, "frame longer than read: " + length);
    }
    int sum = 0;
    for (int i = dataAt; i <= dataAt + length; i++) {
      sum += raw[i];
    }
    if ((sum & 0xFF) != 0) {
      throw new Pn532Exception(Pn532Exception.Kind.BAD_CHECKSUM, "data checksum in " + hex(raw));
    }
    if (length == 1 && raw[dataAt] == 0x7F) {
      throw new Pn532Exception(Pn532Exception.Kind.ERROR_FRAME, "the PN532 rejected the command");
    }
    if (length < 2 || raw[dataAt] != PN532_TO_HOST || (raw[dataAt + 1] & 0xFF) != command + 1) {
      throw new Pn532Exception(
          Pn532Exception.Kind.BAD_RESPONSE,
          "not a response to 0x" + Integer.toHexString(command) + ": " + hex(raw));
    }
    return Arrays.copyOfRange(raw, dataAt + 2, dataAt + length);
  }

  static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 40));
  }

  private static boolean startsWith(byte[] raw, byte[] prefix) {
    return raw.length >= prefix.length
        && Arrays.equals(raw, 0, prefix.length, prefix, 0, prefix.length);
  }
}
