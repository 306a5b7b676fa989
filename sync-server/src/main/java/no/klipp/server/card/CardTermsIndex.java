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
   * A card kept costs about 200 bytes, and a forgotten scheme costs one full read at its next
   * upload. The bound is on cards, not schemes, so that many small schemes all stay (a bound on
   * schemes made every upload of the one above it read its whole scheme again).
   */
  private final int maxCards;
  /** In order of use, least recent first. */
  private final LinkedHashMap<Long, SchemeTerms> schemes = new LinkedHashMap<>(16, 0.75f, true);

  /** Keeps the cards of at most about {@code maxCards} cards' schemes, forgetting the least recently used scheme. */
  public CardTermsIndex(CardRepository cards, int maxCards) {
    if (maxCards < 1) {
      throw new IllegalArgumentException("maxCards < 1: " + maxCards);
    }
    this.cards = cards;
    this.maxCards = maxCards;
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
    if (change < scheme.at && ChangeCounter.current(sql) < scheme.at) {
      // The counter went back (a database restored or failed over to a replica that lost its last
      // commits): numbers the index has passed will be taken again, so start the scheme afresh.
      // A reader merely slower than another sees a current number at least as high as the index's.
      scheme.reset();
    }
    scheme.catchUp(sql, change);
    trim(scheme);
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
    // card of another scheme, which the scheme's index does not hold; it was judged by the card
    // table before, and one read per batch, only for the missing numbers, keeps that exactly. A
    // batch of the scheme's own known cards (the usual one) does not read at all. Every write of a
    // card's terms takes a change number (SCHEMA.md), which is what keeps the index current.
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

  /** Forgets the schemes used least recently until the cards kept fit, never {@code current}. */
  private synchronized void trim(SchemeTerms current) {
    long total = 0;
    for (SchemeTerms s : schemes.values()) {
      total += s.byNumber.size();
    }
    for (var it = schemes.values().iterator(); it.hasNext() && total > maxCards; ) {
      SchemeTerms s = it.next();
      if (s != current) {
        total -= s.byNumber.size();
        it.remove();
      }
    }
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

    /** Forgets every card: the next catch-up reads the scheme whole. */
    void reset() {
      catchingUp.lock();
      try {
        byNumber.clear();
        at = Long.MIN_VALUE;
      } finally {
        catchingUp.unlock();
      }
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
