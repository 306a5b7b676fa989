package no.klipp.server.scheme;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import no.klipp.protocol.sync.SchemeRules;

/**
 * A leisure card scheme of one municipality, or of a region of several: who may hold a card
 * (age range), how long a card is valid, and how many companions go free by default.
 */
public record Scheme(
    long id,
    String name,
    List<String> municipalities,
    String timeZone,
    int minAge,
    int maxAge,
    int validityMonths,
    int companions,
    boolean admitUnknownCards) {

  public Scheme {
    municipalities = List.copyOf(municipalities);
  }

  /** The rules as terminals apply them. */
  public SchemeRules rules() {
    return new SchemeRules(id, name, minAge, maxAge, companions, admitUnknownCards, timeZone);
  }

  /** The zone visit dates and quota periods are counted in. */
  public ZoneId zone() {
    return ZoneId.of(timeZone);
  }

  /** Today in the scheme's zone at {@code clock}'s instant: the day a visit now is counted on. */
  public LocalDate today(Clock clock) {
    return LocalDate.now(clock.withZone(zone()));
  }
}
