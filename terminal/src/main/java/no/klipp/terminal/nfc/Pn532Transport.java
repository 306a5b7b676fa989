package no.klipp.terminal.nfc;

import java.io.IOException;

/** The wire to a PN532 (I2C or SPI): frames out, a ready flag, frames in. */
public interface Pn532Transport extends AutoCloseable {

  /** Sends a whole frame. */
  void write(byte[] frame) throws IOException;

  /** Whether the PN532 has a frame (ACK or response) waiting. */
  boolean ready() throws IOException;

  /** Reads the first {@code length} bytes of the waiting frame (the I2C status byte stripped). */
  byte[] read(int length) throws IOException;

  @Override
  default void close() {}
}
