package no.klipp.terminal.validation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.terminal.scan.Scan;

/**
 * Reads scans with one keyring, remembering the QR texts that verified, so a card shown again
 * (a second tap at the gate, a repeat visit) skips the Ed25519 check. Sound because parsing is a
 * pure function of the exact text and the keyring: only a text that verified before, character
 * for character, is answered from memory, and a new keyring means a new instance (the validator
 * builds one per ledger generation). Rejections and NFC reads (bound to the tag's UID) are never
 * remembered. Not thread-safe: the validator calls it under the ledger's lock.
 */
final class VerifiedCodes {

  private final CredentialCodec codec;
  private final Map<String, Presented.Card> verified;

  VerifiedCodes(CredentialCodec codec, int capacity) {
    this.codec = Objects.requireNonNull(codec, "codec == null");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity < 1: " + capacity);
    }
    // Access order: the least recently scanned text is dropped first.
    this.verified = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Presented.Card> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Reads and verifies a scan, as {@link Presented#of}; never throws for bad input. */
  Presented read(Scan scan) {
    return read(scan, null);
  }

  /** Reads a scan, as {@link Presented#of(Scan, CredentialCodec, CredentialCodec.Vouch)}. */
  Presented read(Scan scan, CredentialCodec.Vouch vouch) {
    if (!(scan instanceof Scan.Qr(String text)) || text == null) {
      return Presented.of(scan, codec, vouch);
    }
    Presented.Card known = verified.get(text);
    if (known != null) {
      return known;
    }
    Presented presented = Presented.of(scan, codec, vouch);
    if (presented instanceof Presented.Card card) {
      verified.put(text, card);
    }
    return presented;
  }

  /** How many verified texts are remembered. */
  int size() {
    return verified.size();
  }
}
