package no.klipp.terminal.scanner;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Linux {@code struct input_event} records (24 bytes on 64-bit, 16 on 32-bit userspace:
 * time, type, code, value) into the lines a keyboard-wedge scanner typed.
 */
final class EvdevDecoder {

  static final int EV_KEY = 1;
  static final int PRESS = 1;
  static final int RELEASE = 0;

  private final int eventSize;
  private final Keymap keymap;
  private final KeystrokeAssembler assembler;
  private final ByteBuffer pending;
  private boolean leftShift;
  private boolean rightShift;
  private boolean altGraph;

  /** A decoder for events of {@code eventSize} bytes (24 or 16) from a US-layout scanner. */
  EvdevDecoder(int eventSize, Duration maxKeyGap) {
    this(eventSize, maxKeyGap, Keymap.US);
  }

  /** A decoder for events of {@code eventSize} bytes (24 or 16) typed in {@code keymap}'s layout. */
  EvdevDecoder(int eventSize, Duration maxKeyGap, Keymap keymap) {
    this.keymap = java.util.Objects.requireNonNull(keymap, "keymap == null");
    if (eventSize != 24 && eventSize != 16) {
      throw new IllegalArgumentException("eventSize not 16 or 24: " + eventSize);
    }
    this.eventSize = eventSize;
    this.assembler = new KeystrokeAssembler(maxKeyGap);
    this.pending = ByteBuffer.allocate(eventSize * 64).order(ByteOrder.nativeOrder());
  }

  /** Feeds {@code length} bytes read from the device; returns the lines completed by them. */
  List<String> feed(byte[] bytes, int length) {
    List<String> lines = new ArrayList<>(1);
    int offset = 0;
    while (offset < length) {
      int n = Math.min(pending.remaining(), length - offset);
      pending.put(bytes, offset, n);
      offset += n;
      pending.flip();
      while (pending.remaining() >= eventSize) {
        event(pending, lines);
      }
      pending.compact();
    }
    return lines;
  }

  private void event(ByteBuffer in, List<String> lines) {
    long seconds;
    long micros;
    if (eventSize == 24) {
      seconds = in.getLong();
      micros = in.getLong();
    } else {
      seconds = Integer.toUnsignedLong(in.getInt());
      micros = Integer.toUnsignedLong(in.getInt());
    }
    int type = Short.toUnsignedInt(in.getShort());
    int code = Short.toUnsignedInt(in.getShort());
    int value = in.getInt();
    if (type != EV_KEY) {
      return;
    }
    long at = seconds * 1000 + micros / 1000;
    if (code == Keymap.KEY_LEFTSHIFT) {
      leftShift = value != RELEASE;
    } else if (code == Keymap.KEY_RIGHTSHIFT) {
      rightShift = value != RELEASE;
    } else if (code == Keymap.KEY_RIGHTALT) {
      altGraph = value != RELEASE;
    } else if (value == PRESS) {
      // Only presses: auto-repeat (2) is a held key, not the scanner typing.
      if (code == Keymap.KEY_ENTER || code == Keymap.KEY_KPENTER) {
        assembler.enter(at).ifPresent(lines::add);
      } else {
        char c = keymap.character(code, leftShift || rightShift, altGraph);
        if (c != 0) {
          assembler.key(c, at);
        }
      }
    }
  }
}
