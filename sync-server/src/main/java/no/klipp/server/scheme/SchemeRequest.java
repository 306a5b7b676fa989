package no.klipp.server.scheme;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import no.klipp.server.web.Check;

/** A scheme's settings as an administrator sends them; {@link #validated()} checks and fills defaults. */
public record SchemeRequest(
    String name,
    List<String> municipalities,
    String timeZone,
    Integer minAge,
    Integer maxAge,
    Integer validityMonths,
    Integer companions,
    Boolean admitUnknownCards) {

  /** The request checked, with defaults: Europe/Oslo, ages 5–18, 12 months, 1 companion. */
  public SchemeRequest validated() {
    String n = Check.text(name, "name", 100);
    List<String> m = municipalities == null || municipalities.isEmpty() ? List.of(n) : municipalities;
    Check.size(m, 50, "municipalities");
    m = m.stream().map(s -> Check.text(s, "municipality", 100)).toList();
    String zone = timeZone == null ? "Europe/Oslo" : timeZone;
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw no.klipp.server.web.ApiException.invalid("timeZone is not a time zone: " + zone);
    }
    int min = Check.range(minAge == null ? 5 : minAge, 0, 30, "minAge");
    int max = Check.range(maxAge == null ? 18 : maxAge, 0, 30, "maxAge");
    Check.that(min <= max, "minAge must not exceed maxAge");
    int months = Check.range(validityMonths == null ? 12 : validityMonths, 1, 60, "validityMonths");
    int comp = Check.range(companions == null ? 1 : companions, 0, 10, "companions");
    return new SchemeRequest(n, m, zone, min, max, months, comp, admitUnknownCards != null && admitUnknownCards);
  }
}
