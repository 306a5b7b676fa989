package no.klipp.server.terminal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Terminal tokens this server verified recently, and whose they are, so a terminal's calls cost no
 * look-up of who holds the token. Keyed by the token's hash, like the table.
 *
 * <p>Whether a token still holds is not taken from here: every terminal call checks it in its own
 * statements ({@code TerminalRepository.HOLDS_TOKEN}). Revoking or rotating a terminal through this
 * server also forgets its tokens at once ({@link #forget}), and a look-up that raced with a
 * revocation cannot bring the old answer back: it is only kept when no terminal was forgotten since
 * the look-up began ({@link #generation}).
 */
final class VerifiedTokens {

  private record Entry(TerminalIdentity identity, long expiresAtMillis) {}

  private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long ttlMillis;
  private final int maxEntries;
  /** Raised by every {@link #forget}; written under {@code this}, read without a lock. */
  private volatile long generation;

  VerifiedTokens(Clock clock, Duration ttl, int maxEntries) {
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
  }

  /** The terminal a recently verified token belongs to, or null. */
  TerminalIdentity get(String tokenHash) {
    Entry e = byHash.get(tokenHash);
    if (e == null) {
      return null;
    }
    if (clock.millis() >= e.expiresAtMillis()) {
      byHash.remove(tokenHash, e);
      return null;
    }
    return e.identity();
  }

  /** Read before looking a token up in the database; hand it to {@link #remember}. */
  long generation() {
    return generation;
  }

  /**
   * Keeps an active terminal's token, unless a terminal was forgotten after {@code generationBefore}
   * was read: then the database answer may predate a revocation, and the next call looks again.
   */
  synchronized void remember(String tokenHash, TerminalIdentity identity, long generationBefore) {
    if (generation != generationBefore || ttlMillis <= 0) {
      return;
    }
    long now = clock.millis();
    if (byHash.size() >= maxEntries) {
      byHash.values().removeIf(e -> now >= e.expiresAtMillis());
      if (byHash.size() >= maxEntries) {
        byHash.clear();
      }
    }
    byHash.put(tokenHash, new Entry(identity, now + ttlMillis));
  }

  /** Forgets every token of the terminal; call after its revocation or rotation has committed. */
  synchronized void forget(String terminalId) {
    generation++;
    byHash.values().removeIf(e -> e.identity().terminalId().equals(terminalId));
  }
}
