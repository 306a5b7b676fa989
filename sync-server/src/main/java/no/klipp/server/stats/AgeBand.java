package no.klipp.server.stats;

/** Age groups for statistics, by the age a holder reaches in the period's last year. */
public enum AgeBand {
  UNDER_6(Integer.MIN_VALUE, 5),
  AGE_6_9(6, 9),
  AGE_10_12(10, 12),
  AGE_13_15(13, 15),
  AGE_16_18(16, 18),
  AGE_19_UP(19, Integer.MAX_VALUE),
  /** A card the server does not know (admitted on its credential alone). */
  UNKNOWN(0, -1);

  private final int min;
  private final int max;

  AgeBand(int min, int max) {
    this.min = min;
    this.max = max;
  }

  /** The band of a holder born in {@code birthYear}, in {@code year}. */
  public static AgeBand of(int birthYear, int year) {
    if (birthYear == StatsRecorder.UNKNOWN_BIRTH_YEAR) {
      return UNKNOWN;
    }
    int age = year - birthYear;
    for (AgeBand b : values()) {
      if (age >= b.min && age <= b.max) {
        return b;
      }
    }
    return UNKNOWN;
  }
}
