package no.klipp.server.offer;

import java.time.LocalDate;
import java.util.List;
import no.klipp.protocol.sync.OpeningHours;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.server.web.Check;
import no.klipp.server.web.Dates;

/**
 * An offer as an administrator sends it. {@code quota} null means unlimited; {@code capacity}
 * null means no total limit; empty opening hours mean always open.
 */
public record OfferRequest(
    String name,
    Integer quota,
    QuotaPeriod period,
    Integer companions,
    LocalDate validFrom,
    LocalDate validUntil,
    List<OpeningHours> openingHours,
    Integer capacity,
    Long priceOre,
    Integer refundPercent,
    Boolean targeted) {

  /** The request checked against {@code today}, with defaults: yearly period, one companion, no price, no refund. */
  public OfferRequest validated(LocalDate today) {
    String n = Check.text(name, "name", 100);
    if (quota != null) {
      Check.range(quota, 1, 10_000, "quota");
    }
    int comp = Check.range(companions == null ? 1 : companions, 0, 10, "companions");
    Dates.within(validFrom, "validFrom", today);
    Dates.within(validUntil, "validUntil", today);
    Check.that(validFrom == null || validUntil == null || !validUntil.isBefore(validFrom),
        "validUntil is before validFrom");
    List<OpeningHours> hours = openingHours == null ? List.of() : Check.size(openingHours, 50, "openingHours");
    for (OpeningHours h : hours) {
      Check.that(h != null && h.day() != null && h.opens() != null && h.closes() != null,
          "openingHours need day, opens and closes");
      Check.that(h.possible(), "openingHours: closes must be after opens (00:00 for midnight) on " + h.day());
    }
    if (capacity != null) {
      Check.range(capacity, 1, 1_000_000, "capacity");
    }
    long price = priceOre == null ? 0 : priceOre;
    Check.that(price >= 0 && price <= 10_000_000, "priceOre must be 0..10000000: " + price);
    int refund = refundPercent == null ? 0 : refundPercent;
    Check.that(refund == 0 || refund == 50 || refund == 100, "refundPercent must be 0, 50 or 100: " + refund);
    return new OfferRequest(n, quota, period == null ? QuotaPeriod.CALENDAR_YEAR : period, comp, validFrom,
        validUntil, hours, capacity, price, refund, targeted != null && targeted);
  }
}
