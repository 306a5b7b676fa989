package no.klipp.server.refund;

import java.time.LocalDate;
import no.klipp.server.offer.OfferTerms;

/**
 * What a venue is owed for one offer over the days {@code [from, to]} of a statement that one set
 * of terms covers: net visits (admissions less voids) and the companion tickets the terms let go
 * free, each at the agreed price times the refund share. {@code dated} when the offer's terms
 * changed during the statement, so it has other lines and this one must name its days.
 */
public record RefundLine(
    String venueId,
    String venueName,
    String offerId,
    String offerName,
    LocalDate from,
    LocalDate to,
    long priceOre,
    int refundPercent,
    int companionsAllowed,
    long visits,
    long companions,
    long refundedCompanions,
    long amountOre,
    boolean dated) {

  /** The offer, venue and days a line is for. */
  public record Subject(String venueId, String venueName, String offerId, String offerName, LocalDate from,
      LocalDate to) {}

  /** A line from the counts, with the amount worked out (rounded half up to whole øre). */
  public static RefundLine of(Subject s, OfferTerms terms, long visits, long companions, boolean dated) {
    // Companion tickets are refunded like the holder's when the offer lets companions go free.
    long refundedCompanions = terms.companions() > 0 ? companions : 0;
    long amount = Math.floorDiv((visits + refundedCompanions) * terms.priceOre() * terms.refundPercent() + 50, 100);
    return new RefundLine(s.venueId(), s.venueName(), s.offerId(), s.offerName(), s.from(), s.to(), terms.priceOre(),
        terms.refundPercent(), terms.companions(), visits, companions, refundedCompanions, amount, dated);
  }
}
