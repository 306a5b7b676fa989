package no.klipp.server.offer;

/**
 * What a venue is paid under an offer, from the day they take effect: the price per visit in øre,
 * the share of it refunded (100, 50 or 0 %) and how many companions go free (0: none is refunded).
 */
public record OfferTerms(long priceOre, int refundPercent, int companions) {

  /** The terms of a validated request. */
  static OfferTerms of(OfferRequest o) {
    return new OfferTerms(o.priceOre(), o.refundPercent(), o.companions());
  }
}
