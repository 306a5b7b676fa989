package no.klipp.server.card;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.db.Sql;

/** The card terms of recently used schemes in memory, kept current by the ledger's change numbers. */
public final class CardTermsIndex {

  /** A card's terms and the change number that wrote them. */
  record Stamped(CardTerms terms, long change) {}

  private final CardRepository cards;
  /**
   * Each scheme kept costs about 200 bytes a card (some 20 MB for 100,000 cards), and a forgotten
   * one costs only one full read at its next upload, so only the schemes uploading lately are kept.
   */
  private final Map<Long, SchemeTerms> schemes;

  /** Keeps at most {@code maxSchemes} schemes, forgetting the least recently used. */
  public CardTermsIndex(CardRepository cards, int maxSchemes) {
    if (maxSchemes < 1) {
      throw new IllegalArgumentException("maxSchemes < 1: " + maxSchemes);
    }
    this.cards = cards;
    this.schemes = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, SchemeTerms> eldest) {
        return size() > maxSchemes;
      }
    };
  }

  /**
   * The terms of those {@code numbers} that are cards, as of change {@code change} or later:
   * {@code change} must have been read from the {@link ChangeCounter} in {@code sql}'s transaction
   * before this call, so that it vouches for every card change numbered up to it being committed.
   * Reads only the scheme's cards changed since the last call (none while the counter stands still).
   */
  public Map<String, CardTerms> termsOf(Sql sql, long schemeId, long change, Collection<String> numbers)
      throws SQLException {
    SchemeTerms scheme = scheme(schemeId);
    scheme.catchUp(sql, change);
    Map<String, CardTerms> out = HashMap.newHashMap(numbers.size());
    List<String> missing = new ArrayList<>();
    for (String number : numbers) {
      Stamped s = scheme.byNumber.get(number);
      if (s != null) {
        out.put(number, s.terms());
      } else {
        missing.add(number);
      }
    }
    // Cards issued after `change` do not need this: the index holds every card committed up to
    // it, and a visit that raced its card's issue was never judged consistently (before, it
    // depended on whether the issue committed before this statement). But an upload may name a
    // card of another scheme, which the scheme's index does not hold, or a card written without a
    // change number (a bulk import); they were judged by the card table before, and one read per
    // batch, only for the missing numbers, keeps that exactly. A batch of the scheme's own known
    // cards (the usual one) does not read at all.
    if (!missing.isEmpty()) {
      for (CardTerms c : cards.termsOf(sql, missing)) {
        out.put(c.cardNumber(), c);
      }
    }
    return out;
  }

  private synchronized SchemeTerms scheme(long schemeId) {
    return schemes.computeIfAbsent(schemeId, SchemeTerms::new);
  }

  /** One scheme's cards as of change {@code at}: every card committed with a number up to it, maybe newer. */
  private final class SchemeTerms {
    private final long schemeId;
    private final Map<String, Stamped> byNumber = new ConcurrentHashMap<>();
    private final ReentrantLock catchingUp = new ReentrantLock();
    /** Only grows; written after the entries it vouches for, so a reader that sees it sees them. */
    private volatile long at = Long.MIN_VALUE;

    SchemeTerms(long schemeId) {
      this.schemeId = schemeId;
    }

    /**
     * Reads the cards changed after {@code at} (all of them at first use) and applies them. No upper
     * bound on the read: a card changed at or below {@code change} and again above it carries only
     * its newer number, and must not be skipped; newer rows are committed data all the same.
     */
    void catchUp(Sql sql, long change) throws SQLException {
      if (at >= change) {
        return;
      }
      catchingUp.lock();
      try {
        if (at >= change) {
          return;
        }
        for (Stamped s : cards.termsChangedAfter(sql, schemeId, at)) {
          // A transaction's snapshot may be older than one applied before (SQLite keeps one per
          // transaction): a card's terms never go back to an older change.
          byNumber.merge(s.terms().cardNumber(), s, (old, now) -> now.change() >= old.change() ? now : old);
        }
        at = change;
      } finally {
        catchingUp.unlock();
      }
    }
  }
}
