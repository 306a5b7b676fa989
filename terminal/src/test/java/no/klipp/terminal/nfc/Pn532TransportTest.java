package no.klipp.terminal.nfc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pn532TransportTest {

  private static byte[] hex(String s) {
    return HexFormat.ofDelimiter(" ").parseHex(s);
  }

  @Test
  void bitReversalIsLsbFirst() {
    assertArrayEquals(hex("80 40 c0 00 ff 2b"), Pn532Spi.reverse(hex("01 02 03 00 ff d4")));
  }

  @Test
  void spiPrefixesOperationsAndReversesEveryByte() throws Exception {
    List<byte[]> sent = new ArrayList<>();
    Deque<byte[]> answers = new ArrayDeque<>();
    Pn532Spi spi =
        new Pn532Spi(
            out -> {
              sent.add(out);
              byte[] in = answers.isEmpty() ? new byte[out.length] : answers.remove();
              return in;
            });
    spi.write(Pn532Frames.command(0x02));
    assertArrayEquals(Pn532Spi.reverse(hex("01 00 00 ff 02 fe d4 02 2a 00")), sent.get(0));

    answers.add(Pn532Spi.reverse(hex("00 01")));
    assertTrue(spi.ready());
    assertArrayEquals(Pn532Spi.reverse(hex("02 00")), sent.get(1));

    answers.add(Pn532Spi.reverse(hex("ff 00 00 ff 00 ff 00")));
    assertArrayEquals(Pn532Frames.ACK, spi.read(6));
    assertArrayEquals(Pn532Spi.reverse(hex("03 00 00 00 00 00 00")), sent.get(2));
  }

  @Test
  void i2cStripsTheStatusByteAndRefusesAFrameThatIsNotReady() throws Exception {
    Deque<byte[]> reads = new ArrayDeque<>(List.of(hex("00"), hex("01"), hex("01 00 00 ff 00 ff 00"), hex("00 00 00")));
    Pn532I2c i2c =
        new Pn532I2c(
            new Pn532I2c.Link() {
              @Override
              public void write(byte[] bytes) {}

              @Override
              public void read(byte[] into) {
                byte[] next = reads.remove();
                System.arraycopy(next, 0, into, 0, Math.min(next.length, into.length));
              }
            });
    assertEquals(false, i2c.ready());
    assertEquals(true, i2c.ready());
    assertArrayEquals(Pn532Frames.ACK, i2c.read(6));
    assertThrows(IOException.class, () -> i2c.read(2));
  }
}
