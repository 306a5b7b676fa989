package no.klipp.server.refund;

/**
 * What a venue is owed for one offer over a period: net visits (admissions less voids) and the
 * companion tickets the offer lets go free, each at the agreed price times the refund share.
 */
public record RefundLine(
    String venueId,
    String venueName,
    String offerId,
    String offerName,
    long priceOre,
    int refundPercent,
    int companionsAllowed,
    long visits,
    long companions,
    long refundedCompanions,
    long amountOre) {

  /** A line from the counts, with the amount worked out (rounded half up to whole øre). */
  public static RefundLine of(String venueId, String venueName, String offerId, String offerName, long priceOre,
      int refundPercent, int companionsAllowed, long visits, long companions) {
    // Companion tickets are refunded like the holder's when the offer lets companions go free.
    long refundedCompanions = companionsAllowed > 0 ? companions : 0;
    long amount = Math.floorDiv((visits + refundedCompanions) * priceOre * refundPercent + 50, 100);
    return new RefundLine(venueId, venueName, offerId, offerName, priceOre, refundPercent, companionsAllowed, visits,
        companions, refundedCompanions, amount);
  }
}
