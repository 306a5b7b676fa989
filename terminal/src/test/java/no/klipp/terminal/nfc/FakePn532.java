package no.klipp.terminal.nfc;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A PN532 with cards in its field, answering frames as the user manual says, with knobs for the
 * faults of real wiring: corrupted responses, NACKs, silence, a card pulled away mid-read.
 */
final class FakePn532 implements Pn532Transport {

  final List<Type2Tag> field = new ArrayList<>();
  final List<Integer> commands = new ArrayList<>();
  final Deque<byte[]> outbox = new ArrayDeque<>();
  int corruptResponses;
  int nackCommands;
  int answerError;
  boolean silent;
  int pageReadsBeforeRemoval = -1;
  int readyChecks;
  private byte[] lastResponse;

  @Override
  public void write(byte[] frame) {
    if (silent) {
      return;
    }
    if (Arrays.equals(frame, Pn532Frames.NACK)) {
      deliver(lastResponse);
      return;
    }
    int length = frame[3] & 0xFF;
    if (frame[0] != 0 || frame[1] != 0 || frame[2] != (byte) 0xFF || ((length + frame[4]) & 0xFF) != 0) {
      throw new AssertionError("malformed frame " + Pn532Frames.hex(frame));
    }
    int sum = 0;
    for (int i = 5; i <= 5 + length; i++) {
      sum += frame[i];
    }
    if ((sum & 0xFF) != 0 || frame[5] != Pn532Frames.HOST_TO_PN532) {
      throw new AssertionError("bad checksum or TFI " + Pn532Frames.hex(frame));
    }
    if (nackCommands > 0) {
      nackCommands--;
      outbox.add(Pn532Frames.NACK);
      return;
    }
    int code = frame[6] & 0xFF;
    commands.add(code);
    byte[] params = Arrays.copyOfRange(frame, 7, 5 + length);
    outbox.add(Pn532Frames.ACK);
    if (answerError > 0) {
      answerError--;
      outbox.add(new byte[] {0, 0, (byte) 0xFF, 0x01, (byte) 0xFF, 0x7F, (byte) 0x81, 0});
      return;
    }
    lastResponse = response(code, answer(code, params));
    deliver(lastResponse);
  }

  private void deliver(byte[] response) {
    if (corruptResponses > 0) {
      corruptResponses--;
      byte[] bad = response.clone();
      bad[bad.length - 2] ^= 0x55; // the data checksum, as a glitch on the wire would
      outbox.add(bad);
    } else {
      outbox.add(response);
    }
  }

  private byte[] answer(int code, byte[] params) {
    return switch (code) {
      case Pn532.GET_FIRMWARE_VERSION -> new byte[] {0x32, 0x01, 0x06, 0x07};
      case Pn532.SAM_CONFIGURATION, Pn532.RF_CONFIGURATION -> new byte[0];
      case Pn532.IN_RELEASE -> new byte[] {0x00};
      case Pn532.IN_LIST_PASSIVE_TARGET -> list(params[0]);
      case Pn532.IN_DATA_EXCHANGE -> exchange(params);
      default -> throw new AssertionError("unexpected command 0x" + Integer.toHexString(code));
    };
  }

  private byte[] list(int max) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = Math.min(max, field.size());
    out.write(n);
    for (int i = 0; i < n; i++) {
      Type2Tag tag = field.get(i);
      out.write(i + 1);
      out.write(0x00);
      out.write(0x44); // SENS_RES of an NTAG
      out.write(tag.sak);
      out.write(tag.uid.length);
      out.writeBytes(tag.uid);
    }
    return out.toByteArray();
  }

  private byte[] exchange(byte[] params) {
    int target = params[0];
    if (params[1] != Pn532.NTAG_READ || target < 1 || target > field.size()) {
      return new byte[] {0x27}; // wrong context
    }
    if (pageReadsBeforeRemoval == 0) {
      field.clear();
      return new byte[] {0x01}; // time-out: the card did not answer
    }
    if (pageReadsBeforeRemoval > 0) {
      pageReadsBeforeRemoval--;
    }
    byte[] data = field.get(target - 1).read(params[2] & 0xFF);
    byte[] out = new byte[17];
    System.arraycopy(data, 0, out, 1, 16);
    return out;
  }

  static byte[] response(int code, byte[] data) {
    byte[] frame = new byte[data.length + 9];
    int length = data.length + 2;
    frame[2] = (byte) 0xFF;
    frame[3] = (byte) length;
    frame[4] = (byte) -length;
    frame[5] = Pn532Frames.PN532_TO_HOST;
    frame[6] = (byte) (code + 1);
    System.arraycopy(data, 0, frame, 7, data.length);
    int sum = 0;
    for (int i = 5; i < 7 + data.length; i++) {
      sum += frame[i];
    }
    frame[7 + data.length] = (byte) -sum;
    return frame;
  }

  @Override
  public boolean ready() {
    readyChecks++;
    return !outbox.isEmpty();
  }

  @Override
  public byte[] read(int length) {
    byte[] frame = outbox.remove();
    return Arrays.copyOf(frame, length); // a real read returns as many bytes as asked
  }
}
