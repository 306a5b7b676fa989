package no.klipp.protocol.sync;

import java.time.Instant;
import java.util.List;

/**
 * Everything a new terminal needs for its venue, and the cursor to ask for deltas after it.
 * {@code staffed}: whether the terminal is registered as a staffed desk (null from a server that
 * does not say); an unattended entrance shows no desk buttons whatever its configuration says.
 */
public record LedgerSnapshot(
    String venueId,
    String cursor,
    Instant serverTime,
    SchemeRules scheme,
    List<IssuerPublicKey> issuerKeys,
    List<Offer> offers,
    List<CardRecord> cards,
    List<Revocation> revocations,
    List<UsageCount> usage,
    Boolean staffed) {

  /** A snapshot that does not say whether the terminal is staffed. */
  public LedgerSnapshot(String venueId, String cursor, Instant serverTime, SchemeRules scheme,
      List<IssuerPublicKey> issuerKeys, List<Offer> offers, List<CardRecord> cards, List<Revocation> revocations,
      List<UsageCount> usage) {
    this(venueId, cursor, serverTime, scheme, issuerKeys, offers, cards, revocations, usage, null);
  }

  public LedgerSnapshot {
    issuerKeys = issuerKeys == null ? List.of() : List.copyOf(issuerKeys);
    offers = offers == null ? List.of() : List.copyOf(offers);
    cards = cards == null ? List.of() : List.copyOf(cards);
    revocations = revocations == null ? List.of() : List.copyOf(revocations);
    usage = usage == null ? List.of() : List.copyOf(usage);
  }
}
