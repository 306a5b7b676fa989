package no.klipp.terminal.nfc;

import com.pi4j.io.spi.Spi;
import java.io.IOException;
import java.util.Objects;

/**
 * The PN532 on SPI (mode 0, up to 5 MHz; 1 MHz is safe on jumper wires). Each transfer starts with
 * an operation byte: 0x01 data write, 0x02 status read, 0x03 data read. The PN532 sends and expects
 * bytes LSB first, which the Raspberry Pi's SPI controller cannot do, so every byte is bit-reversed
 * here in software.
 */
public final class Pn532Spi implements Pn532Transport {

  static final int DATA_WRITE = 0x01;
  static final int STATUS_READ = 0x02;
  static final int DATA_READ = 0x03;

  /** One full-duplex SPI transfer with chip select held for its whole length. */
  public interface Bus extends AutoCloseable {
    byte[] transfer(byte[] out) throws IOException;

    @Override
    default void close() {}
  }

  private final Bus bus;

  /** A transport over {@code bus}. */
  public Pn532Spi(Bus bus) {
    this.bus = Objects.requireNonNull(bus, "bus == null");
  }

  /** A transport over a Pi4J SPI device. */
  public static Pn532Spi on(Spi spi) {
    Objects.requireNonNull(spi, "spi == null");
    return new Pn532Spi(
        new Bus() {
          @Override
          public byte[] transfer(byte[] out) throws IOException {
            byte[] in = new byte[out.length];
            int n;
            try {
              n = spi.transfer(out, 0, in, 0, out.length);
            } catch (RuntimeException e) {
              // Pi4J reports bus errors as runtime exceptions; the driver expects IOException.
              throw new IOException("SPI: " + e.getMessage(), e);
            }
            if (n < 0) {
              throw new IOException("SPI transfer failed: " + n);
            }
            return in;
          }

          @Override
          public void close() {
            spi.close();
          }
        });
  }

  @Override
  public void write(byte[] frame) throws IOException {
    byte[] out = new byte[frame.length + 1];
    out[0] = (byte) DATA_WRITE;
    System.arraycopy(frame, 0, out, 1, frame.length);
    bus.transfer(reverse(out));
  }

  @Override
  public boolean ready() throws IOException {
    byte[] in = reverse(bus.transfer(reverse(new byte[] {STATUS_READ, 0})));
    return (in[1] & 0x01) != 0;
  }

  @Override
  public byte[] read(int length) throws IOException {
    byte[] out = new byte[length + 1];
    out[0] = (byte) DATA_READ;
    byte[] in = reverse(bus.transfer(reverse(out)));
    byte[] frame = new byte[length];
    System.arraycopy(in, 1, frame, 0, length);
    return frame;
  }

  @Override
  public void close() {
    try {
      bus.close();
    } catch (Exception e) {
      // Closing the bus only releases the file handle.
    }
  }

  /** Each byte with its bits in the opposite order (MSB-first wire, LSB-first chip). */
  static byte[] reverse(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = (byte) (Integer.reverse(bytes[i] & 0xFF) >>> 24);
    }
    return out;
  }
}
