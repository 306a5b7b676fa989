package no.klipp.terminal.nfc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import no.klipp.terminal.feedback.Pacer;
import no.klipp.terminal.scan.ReadProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A frame-level driver for the NXP PN532 reading NTAG / MIFARE Ultralight (Type 2) cards. Every
 * wait is bounded: the chip is told to give up looking for cards after a few tries, and every
 * answer is awaited for at most the configured timeout, so a poll always ends with an outcome.
 */
public final class Pn532 implements TagPoller {

  private static final Logger log = LoggerFactory.getLogger(Pn532.class);

  static final int GET_FIRMWARE_VERSION = 0x02;
  static final int SAM_CONFIGURATION = 0x14;
  static final int RF_CONFIGURATION = 0x32;
  static final int IN_DATA_EXCHANGE = 0x40;
  static final int IN_LIST_PASSIVE_TARGET = 0x4A;
  static final int IN_RELEASE = 0x52;
  static final int NTAG_READ = 0x30;

  /** Enough for every response this driver asks for (two listed targets, a 16-byte read). */
  private static final int RESPONSE_READ = 64;
  private static final Duration READY_POLL = Duration.ofMillis(2);

  private final Pn532Transport transport;
  private final Pacer pacer;
  private final long readyPolls;
  private boolean initialised;

  /** A driver on {@code transport}; each answer is awaited at most {@code timeout}. */
  public Pn532(Pn532Transport transport, Pacer pacer, Duration timeout) {
    this.transport = Objects.requireNonNull(transport, "transport == null");
    this.pacer = Objects.requireNonNull(pacer, "pacer == null");
    Objects.requireNonNull(timeout, "timeout == null");
    this.readyPolls = Math.max(1, timeout.toMillis() / READY_POLL.toMillis());
  }

  /** The chip's IC and firmware version, e.g. "PN532 v1.6". */
  public record Firmware(int ic, int version, int revision) {
    @Override
    public String toString() {
      return "PN5" + Integer.toHexString(ic) + " v" + version + "." + revision;
    }
  }

  /**
   * Wakes the chip and configures it: firmware version (the first command after power-up may be
   * lost while it wakes, so it is tried three times), normal SAM mode, and a bounded number of
   * passive activation retries so that looking for a card returns even when none is there.
   */
  public Firmware begin() throws IOException {
    Firmware firmware = null;
    IOException last = null;
    for (int attempt = 0; attempt < 3 && firmware == null; attempt++) {
      try {
        byte[] r = command(GET_FIRMWARE_VERSION);
        if (r.length < 4) {
          throw new Pn532Exception(Pn532Exception.Kind.BAD_RESPONSE, "short firmware answer");
        }
        firmware = new Firmware(r[0] & 0xFF, r[1] & 0xFF, r[2] & 0xFF);
      } catch (Pn532Exception e) {
        last = e;
        pause(Duration.ofMillis(10));
      }
    }
    if (firmware == null) {
      throw last;
    }
    command(SAM_CONFIGURATION, (byte) 0x01, (byte) 0x14, (byte) 0x01); // normal mode, 1 s, use IRQ
    // CfgItem 5: MxRtyATR, MxRtyPSL, MxRtyPassiveActivation (0xFF would mean "wait forever").
    command(RF_CONFIGURATION, (byte) 0x05, (byte) 0xFF, (byte) 0x01, (byte) 0x02);
    initialised = true;
    log.info("NFC reader ready: {}", firmware);
    return firmware;
  }

  @Override
  public TagRead poll() {
    try {
      if (!initialised) {
        begin();
      }
      return listAndRead();
    } catch (IOException e) {
      // Configure again next time: the chip may have been reset or unplugged.
      initialised = false;
      return TagRead.failed(ReadProblem.READER_FAULT, e.getMessage());
    }
  }

  private TagRead listAndRead() throws IOException {
    byte[] list = command(IN_LIST_PASSIVE_TARGET, (byte) 0x02, (byte) 0x00); // up to 2, ISO 14443-A
    int count = list.length == 0 ? 0 : list[0] & 0xFF;
    if (count == 0) {
      return TagRead.empty();
    }
    try {
      if (count > 1) {
        return TagRead.failed(ReadProblem.TWO_CARDS, "two cards in the field");
      }
      if (list.length < 6 || list.length < 6 + (list[5] & 0xFF)) {
        throw new Pn532Exception(Pn532Exception.Kind.BAD_RESPONSE, "short target data");
      }
      int target = list[1] & 0xFF;
      int selRes = list[4] & 0xFF;
      byte[] uid = Arrays.copyOfRange(list, 6, 6 + (list[5] & 0xFF));
      if ((selRes & 0x60) != 0 || (selRes & 0x08) != 0) {
        // ISO-DEP or MIFARE Classic: not a Type 2 tag, so no credential written by Klipp.
        return new TagRead.Failed(ReadProblem.NO_CREDENTIAL, uid, "not a Type 2 tag, SAK " + selRes);
      }
      return readCredential(target, uid);
    } finally {
      release();
    }
  }

  private TagRead readCredential(int target, byte[] uid) throws IOException {
    PageReader pages =
        page -> {
          byte[] r;
          try {
            r = command(IN_DATA_EXCHANGE, (byte) target, (byte) NTAG_READ, (byte) page);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          int status = r.length == 0 ? -1 : r[0] & 0x3F;
          if (status != 0) {
            throw new PageReader.TagGoneException("status 0x" + Integer.toHexString(status));
          }
          if (r.length < 17) {
            throw new PageReader.TagGoneException("short read of page " + page);
          }
          return Arrays.copyOfRange(r, 1, 17);
        };
    try {
      Optional<byte[]> payload = Ndef.readMessage(pages).flatMap(Ndef::credential);
      if (payload.isEmpty()) {
        return new TagRead.Failed(ReadProblem.NO_CREDENTIAL, uid, "no credential record");
      }
      log.debug("NFC card {} read", HexFormat.of().formatHex(uid));
      return new TagRead.Tag(uid, payload.get());
    } catch (PageReader.TagGoneException e) {
      return new TagRead.Failed(ReadProblem.CARD_REMOVED, uid, e.getMessage());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void release() {
    try {
      command(IN_RELEASE, (byte) 0x00);
    } catch (IOException e) {
      log.debug("InRelease failed: {}", e.getMessage());
    }
  }

  /** Sends {@code code} and returns the response data; resends once after a NACK or bad checksum. */
  byte[] command(int code, byte... params) throws IOException {
    byte[] frame = Pn532Frames.command(code, params);
    for (int attempt = 0; ; attempt++) {
      transport.write(frame);
      awaitReady("ACK of 0x" + Integer.toHexString(code));
      byte[] ack = transport.read(Pn532Frames.ACK.length);
      if (Pn532Frames.isAck(ack)) {
        break;
      }
      if (attempt == 0 && Pn532Frames.isNack(ack)) {
        continue;
      }
      throw new Pn532Exception(
          Pn532Frames.isNack(ack) ? Pn532Exception.Kind.NACK : Pn532Exception.Kind.BAD_RESPONSE,
          "no ACK for 0x" + Integer.toHexString(code) + ": " + Pn532Frames.hex(ack));
    }
    awaitReady("response to 0x" + Integer.toHexString(code));
    try {
      return Pn532Frames.response(transport.read(RESPONSE_READ), code);
    } catch (Pn532Exception e) {
      if (e.kind() != Pn532Exception.Kind.BAD_CHECKSUM) {
        throw e;
      }
      // A NACK from the host asks the PN532 to send its last response again.
      transport.write(Pn532Frames.NACK);
      awaitReady("repeated response to 0x" + Integer.toHexString(code));
      return Pn532Frames.response(transport.read(RESPONSE_READ), code);
    }
  }

  private void awaitReady(String what) throws IOException {
    for (long i = 0; i < readyPolls; i++) {
      if (transport.ready()) {
        return;
      }
      pause(READY_POLL);
    }
    throw new Pn532Exception(Pn532Exception.Kind.TIMEOUT, "no " + what);
  }

  private void pause(Duration time) throws IOException {
    try {
      pacer.pause(time);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for the PN532");
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
