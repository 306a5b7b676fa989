package no.klipp.protocol.sync;

import java.time.LocalDate;
import java.util.List;

/**
 * An offer of a venue as a terminal needs it: quota per card per period ({@code quota} null means
 * unlimited), companions that go free, validity dates, opening hours (empty means always open),
 * total capacity (null means none) and whether only chosen cards may use it. Prices and refund
 * shares stay on the server.
 */
public record Offer(
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
    boolean targeted) {

  public Offer {
    openingHours = openingHours == null ? List.of() : List.copyOf(openingHours);
  }
}
