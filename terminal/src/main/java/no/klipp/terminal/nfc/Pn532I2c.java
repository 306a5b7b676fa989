package no.klipp.terminal.nfc;

import com.pi4j.io.i2c.I2C;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The PN532 on I2C (address 0x24). Every read starts with a status byte whose bit 0 says whether
 * a frame is ready; the frame follows in the same read.
 */
public final class Pn532I2c implements Pn532Transport {

  /** The I2C bus as the PN532 driver needs it: whole writes and whole reads. */
  public interface Link extends AutoCloseable {
    void write(byte[] bytes) throws IOException;

    void read(byte[] into) throws IOException;

    @Override
    default void close() {}
  }

  private final Link link;

  /** A transport over {@code link}. */
  public Pn532I2c(Link link) {
    this.link = Objects.requireNonNull(link, "link == null");
  }

  /** A transport over a Pi4J I2C device. */
  public static Pn532I2c on(I2C i2c) {
    Objects.requireNonNull(i2c, "i2c == null");
    return new Pn532I2c(
        new Link() {
          @Override
          public void write(byte[] bytes) throws IOException {
            int n = call(() -> i2c.write(bytes));
            if (n != bytes.length) {
              throw new IOException("I2C write: " + n + " of " + bytes.length + " bytes");
            }
          }

          @Override
          public void read(byte[] into) throws IOException {
            int n = call(() -> i2c.read(into, 0, into.length));
            if (n != into.length) {
              throw new IOException("I2C read: " + n + " of " + into.length + " bytes");
            }
          }

          @Override
          public void close() {
            i2c.close();
          }
        });
  }

  /** Pi4J reports bus errors as runtime exceptions; the driver expects IOException. */
  private static int call(java.util.function.IntSupplier io) throws IOException {
    try {
      return io.getAsInt();
    } catch (RuntimeException e) {
      throw new IOException("I2C: " + e.getMessage(), e);
    }
  }

  @Override
  public void write(byte[] frame) throws IOException {
    link.write(frame);
  }

  @Override
  public boolean ready() throws IOException {
    byte[] status = new byte[1];
    link.read(status);
    return (status[0] & 0x01) != 0;
  }

  @Override
  public byte[] read(int length) throws IOException {
    byte[] in = new byte[length + 1];
    link.read(in);
    if ((in[0] & 0x01) == 0) {
      throw new IOException("PN532 not ready while reading a frame");
    }
    return Arrays.copyOfRange(in, 1, in.length);
  }

  @Override
  public void close() {
    try {
      link.close();
    } catch (Exception e) {
      // Closing the bus only releases the file handle.
    }
  }
}
