package no.klipp.server.db;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ledger facts (a scheme's rules, a venue's offers) kept in memory while the change counter stands
 * still. Every change to them takes a new change number ({@link ChangeCounter}), so a value read
 * after the counter showed {@code n} is current for as long as the counter shows {@code n}; the
 * counter is read from the database on every use, so a change made through another server
 * instance is seen at once too.
 */
public final class ByChange<K, V> {

  /** Reads the value from the database. */
  @FunctionalInterface
  public interface Loader<V> {
    V load() throws SQLException;
  }

  private record Entry<V>(long change, V value) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  public ByChange(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * The value of {@code key} at change number {@code change}, which the caller read from the
   * database <em>before</em> calling (so a value loaded here is at least that new).
   */
  public V get(K key, long change, Loader<V> loader) throws SQLException {
    Entry<V> e = entries.get(key);
    if (e != null && e.change() == change) {
      return e.value();
    }
    V value = loader.load();
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    // A slower reader holding an older number must not replace a newer entry.
    entries.merge(key, new Entry<>(change, value), (old, now) -> now.change() >= old.change() ? now : old);
    return value;
  }
}
