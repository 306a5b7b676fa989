package no.klipp.server.offer;

import java.time.LocalDate;
import java.util.List;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.OpeningHours;
import no.klipp.protocol.sync.QuotaPeriod;

/**
 * An offer (agreement) of a venue as the server keeps it: what terminals see ({@link #wire()}) plus
 * the price per visit in øre and the share of it the scheme refunds (100, 50 or 0 %).
 */
public record OfferDefinition(
    String id,
    String venueId,
    String name,
    Integer quota,
    QuotaPeriod period,
    int companions,
    LocalDate validFrom,
    LocalDate validUntil,
    List<OpeningHours> openingHours,
    Integer capacity,
    long priceOre,
    int refundPercent,
    boolean targeted,
    boolean withdrawn) {

  public OfferDefinition {
    openingHours = openingHours == null ? List.of() : List.copyOf(openingHours);
  }

  /** The offer as terminals get it: no price, no refund share. */
  public Offer wire() {
    return new Offer(id, venueId, name, quota, period, companions, validFrom, validUntil, openingHours, capacity,
        targeted);
  }

  /** True when a visit on {@code date} is within the offer's dates. */
  public boolean covers(LocalDate date) {
    return (validFrom == null || !date.isBefore(validFrom)) && (validUntil == null || !date.isAfter(validUntil));
  }
}
