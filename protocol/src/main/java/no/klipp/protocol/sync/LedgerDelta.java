package no.klipp.protocol.sync;

import java.time.Instant;
import java.util.List;

/**
 * What changed for a venue after {@code since}: records to insert or replace (cards, offers, keys,
 * usage counts, which replace the earlier count of the same card, offer and period), revocations,
 * offers withdrawn, issuing keys retired (deleted: cards signed with them no longer pass).
 * {@code scheme} is null when unchanged.
 */
public record LedgerDelta(
    String since,
    String cursor,
    Instant serverTime,
    SchemeRules scheme,
    List<IssuerPublicKey> issuerKeys,
    List<Offer> offers,
    List<String> removedOffers,
    List<CardRecord> cards,
    List<Revocation> revocations,
    List<UsageCount> usage,
    List<RetiredIssuerKey> retiredIssuerKeys) {

  /** A delta that retires no key. */
  public LedgerDelta(String since, String cursor, Instant serverTime, SchemeRules scheme,
      List<IssuerPublicKey> issuerKeys, List<Offer> offers, List<String> removedOffers, List<CardRecord> cards,
      List<Revocation> revocations, List<UsageCount> usage) {
    this(since, cursor, serverTime, scheme, issuerKeys, offers, removedOffers, cards, revocations, usage, List.of());
  }

  public LedgerDelta {
    issuerKeys = issuerKeys == null ? List.of() : List.copyOf(issuerKeys);
    offers = offers == null ? List.of() : List.copyOf(offers);
    removedOffers = removedOffers == null ? List.of() : List.copyOf(removedOffers);
    cards = cards == null ? List.of() : List.copyOf(cards);
    revocations = revocations == null ? List.of() : List.copyOf(revocations);
    usage = usage == null ? List.of() : List.copyOf(usage);
    // Absent from servers older than key retirement.
    retiredIssuerKeys = retiredIssuerKeys == null ? List.of() : List.copyOf(retiredIssuerKeys);
  }
}
