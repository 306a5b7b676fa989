package no.klipp.terminal.scan;

import java.util.Objects;

/** One thing read at the entrance: a QR code's text, an NFC tag's payload with its UID, or a typed card number. */
public sealed interface Scan {

  /** The text of a QR code, from a camera or a hand scanner, without the scanner's line ending. */
  record Qr(String text) implements Scan {
    public Qr {
      Objects.requireNonNull(text, "text == null");
    }
  }

  /** The credential read from an NFC tag, and the tag's UID. */
  record Nfc(byte[] payload, byte[] uid) implements Scan {
    public Nfc {
      Objects.requireNonNull(payload, "payload == null");
      Objects.requireNonNull(uid, "uid == null");
      payload = payload.clone();
      uid = uid.clone();
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }

    @Override
    public byte[] uid() {
      return uid.clone();
    }
  }

  /** A card number typed by staff at the desk. */
  record Typed(String cardNumber) implements Scan {
    public Typed {
      Objects.requireNonNull(cardNumber, "cardNumber == null");
    }
  }
}
