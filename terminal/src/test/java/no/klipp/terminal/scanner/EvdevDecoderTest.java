package no.klipp.terminal.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import no.klipp.terminal.testing.Credentials;
import org.junit.jupiter.api.Test;

class EvdevDecoderTest {

  /** Recorded-style input events as the kernel delivers them for a US-layout keyboard. */
  private static final class Events {
    final int size;
    final Keymap keymap;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    long millis;

    Events(int size) {
      this(size, Keymap.US);
    }

    Events(int size, Keymap keymap) {
      this.size = size;
      this.keymap = keymap;
    }

    Events at(long millis) {
      this.millis = millis;
      return this;
    }

    void raw(int type, int code, int value) {
      ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
      if (size == 24) {
        b.putLong(millis / 1000).putLong((millis % 1000) * 1000);
      } else {
        b.putInt((int) (millis / 1000)).putInt((int) (millis % 1000) * 1000);
      }
      b.putShort((short) type).putShort((short) code).putInt(value);
      out.writeBytes(b.array());
      raw0(); // the SYN_REPORT that follows every key event
    }

    private void raw0() {
      ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
      b.put(new byte[size - 8]).putShort((short) 0).putShort((short) 0).putInt(0);
      out.writeBytes(b.array());
    }

    Events key(int code, boolean shift) {
      return key(code, shift ? Keymap.KEY_LEFTSHIFT : -1);
    }

    Events key(int code, int modifier) {
      if (modifier >= 0) {
        raw(1, modifier, 1);
      }
      raw(1, code, 1);
      raw(1, code, 0);
      if (modifier >= 0) {
        raw(1, modifier, 0);
      }
      millis += 2; // a scanner types a character every few milliseconds
      return this;
    }

    Events type(String text) {
      for (char c : text.toCharArray()) {
        int[] code = codeOf(keymap, c);
        key(code[0], code[1]);
      }
      return this;
    }

    Events enter() {
      return key(Keymap.KEY_ENTER, false);
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    static int[] codeOf(char c) {
      return codeOf(Keymap.US, c);
    }

    /** The key and the modifier (shift, AltGr or none: -1) that type {@code c} in {@code keymap}. */
    static int[] codeOf(Keymap keymap, char c) {
      for (int code = 0; code < 128; code++) {
        if (keymap.character(code, false, false) == c) {
          return new int[] {code, -1};
        }
        if (keymap.character(code, true, false) == c) {
          return new int[] {code, Keymap.KEY_LEFTSHIFT};
        }
        if (keymap.character(code, false, true) == c) {
          return new int[] {code, Keymap.KEY_RIGHTALT};
        }
      }
      throw new IllegalArgumentException("no key for " + c);
    }
  }

  private static List<String> decode(int size, byte[] bytes, int chunk) {
    return decode(size, bytes, chunk, Keymap.US);
  }

  private static List<String> decode(int size, byte[] bytes, int chunk, Keymap keymap) {
    EvdevDecoder decoder = new EvdevDecoder(size, Duration.ofMillis(100), keymap);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += chunk) {
      int n = Math.min(chunk, bytes.length - i);
      byte[] part = new byte[n];
      System.arraycopy(bytes, i, part, 0, n);
      lines.addAll(decoder.feed(part, n));
    }
    return lines;
  }

  @Test
  void credentialTypedByScannerIsAssembledOnEnter() {
    String text = Credentials.qrText(7);
    byte[] bytes = new Events(24).at(1_000).type(text).enter().bytes();
    assertEquals(List.of(text), decode(24, bytes, 24 * 64));
  }

  @Test
  void everyBase45CharacterDecodesInBothLayouts() {
    String all = "KL1:0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    for (Keymap keymap : Keymap.values()) {
      byte[] bytes = new Events(24, keymap).type(all).enter().bytes();
      assertEquals(List.of(all), decode(24, bytes, 1000, keymap), keymap.name());
    }
  }

  @Test
  void norwegianScannerReadAsUsTypesOtherCharacters() {
    // Why the layout must be configured: ':' is Shift+. on a Norwegian scanner, '>' in US.
    byte[] bytes = new Events(24, Keymap.NO).type("KL1:").enter().bytes();
    assertEquals(List.of("KL1>"), decode(24, bytes, 1000, Keymap.US));
  }

  @Test
  void eventsSplitAcrossReadsAndThirtyTwoBitLayoutDecodeTheSame() {
    String text = Credentials.qrText(8);
    assertEquals(List.of(text), decode(24, new Events(24).type(text).enter().bytes(), 7));
    assertEquals(List.of(text), decode(16, new Events(16).type(text).enter().bytes(), 16 * 3));
  }

  @Test
  void strayKeyBeforeAScanIsDropped() {
    Events events = new Events(24).at(0).type("x");
    events.at(5_000).type("1234567890").enter();
    assertEquals(List.of("1234567890"), decode(24, events.bytes(), 1000));
  }

  @Test
  void loneStrayKeyThenLateEnterIsNotAScan() {
    Events events = new Events(24).at(0).type("q");
    events.at(3_000).enter();
    assertEquals(List.of(), decode(24, events.bytes(), 1000));
  }

  @Test
  void keysWithoutCharactersAndAutoRepeatAreIgnored() {
    Events events = new Events(24).at(0).type("AB");
    events.raw(1, 59, 1); // F1
    events.raw(1, 59, 0);
    events.raw(1, Events.codeOf('c')[0], 2); // auto-repeat of a held key
    events.type("C").enter();
    assertEquals(List.of("ABC"), decode(24, events.bytes(), 1000));
  }

  @Test
  void randomBytesNeverThrowAndNeverYieldAnOverlongLine() {
    java.util.Random random = new java.util.Random(12);
    EvdevDecoder decoder = new EvdevDecoder(24, Duration.ofMillis(100));
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = new byte[random.nextInt(24 * 70)];
      random.nextBytes(bytes);
      for (String line : decoder.feed(bytes, bytes.length)) {
        assertEquals(true, line.length() <= ScanText.MAX_LENGTH, "length " + line.length());
      }
    }
  }

  @Test
  void enterWithNothingTypedIsNotAScan() {
    assertEquals(List.of(), decode(24, new Events(24).enter().enter().bytes(), 1000));
  }
}
