package no.klipp.server.card;

import java.time.LocalDate;
import no.klipp.server.web.Check;

/** A card to issue: the holder's first name and birth year (the minimum staff need), start date, paid or free. */
public record CardRequest(String firstName, Integer birthYear, LocalDate validFrom, Boolean paid) {

  /** Longest first name, in characters. */
  public static final int MAX_FIRST_NAME = 50;

  /** The request checked against the scheme's age range; {@code validFrom} defaults to {@code today}. */
  public CardRequest validated(LocalDate today, int minAge, int maxAge) {
    String name = Check.text(firstName, "firstName", MAX_FIRST_NAME);
    int year = Check.present(birthYear, "birthYear");
    LocalDate from = start(validFrom == null ? today : validFrom, today);
    // Only the birth year is kept, so an age is the one reached in the calendar year, as terminals
    // count it at the gate: a card they would refuse from its first day is not issued.
    int ageAtYearEnd = from.getYear() - year;
    Check.that(ageAtYearEnd >= minAge && ageAtYearEnd <= maxAge,
        "birthYear " + year + " is outside the scheme's ages " + minAge + "-" + maxAge + " (the age reached in "
            + from.getYear() + ")");
    return new CardRequest(name, year, from, paid != null && paid);
  }

  /**
   * {@code from} if a card's period may start then: within a year of {@code today}, for issuing
   * and renewing alike, so a mistyped year cannot end a card at once or start it decades ahead.
   */
  static LocalDate start(LocalDate from, LocalDate today) {
    Check.that(!from.isBefore(today.minusYears(1)) && !from.isAfter(today.plusYears(1)),
        "validFrom must be within a year of today: " + from);
    return from;
  }
}
