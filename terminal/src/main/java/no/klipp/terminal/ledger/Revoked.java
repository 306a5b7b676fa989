package no.klipp.terminal.ledger;

import java.util.Arrays;

/**
 * The revoked credentials of a roster (card number and serial), held in memory so a scan needs no
 * query for them: a sorted array of packed keys, 8 bytes each, searched in O(log n).
 */
public final class Revoked {

  // Card numbers have ten digits and serials 16 bits, so number * 2^16 + serial fits a long.
  private final long[] keys;

  private Revoked(long[] keys) {
    this.keys = keys;
  }

  /** True when this credential serial of the card is revoked. */
  public boolean contains(String cardNumber, int serial) {
    long key = key(cardNumber, serial);
    return key >= 0 && Arrays.binarySearch(keys, key) >= 0;
  }

  /** How many revoked credentials. */
  public int size() {
    return keys.length;
  }

  /** Packs a card number (digits) and serial; -1 when the number is not ten digits. */
  private static long key(String cardNumber, int serial) {
    if (cardNumber == null || cardNumber.length() != 10 || serial < 0 || serial > 0xffff) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < 10; i++) {
      char ch = cardNumber.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      n = n * 10 + (ch - '0');
    }
    return (n << 16) | serial;
  }

  static Builder builder() {
    return new Builder();
  }

  /** Collects revocations as the ledger reads them. */
  static final class Builder {
    private long[] keys = new long[16];
    private int size;

    void add(String cardNumber, int serial) {
      long key = key(cardNumber, serial);
      if (key < 0) {
        return; // the snapshot check admits only well-formed card numbers; nothing else can match a scan
      }
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
      }
      keys[size++] = key;
    }

    Revoked build() {
      long[] sorted = Arrays.copyOf(keys, size);
      Arrays.sort(sorted);
      return new Revoked(sorted);
    }
  }
}
