package no.klipp.server.retention;

/**
 * How long the server keeps what it need not keep forever: raw visits for {@code visitYears} full
 * calendar years after the year they belong to (bokføringsloven §13 asks five for the
 * documentation behind refunds), and a card holder's first name for {@code nameMonths} months
 * after the card's validity ended. Starting points for the municipality's data-protection officer.
 */
public record RetentionPolicy(int visitYears, int nameMonths) {

  /** Five years of visits (the bookkeeping rule), twelve months of names on expired cards. */
  public static final RetentionPolicy DEFAULT = new RetentionPolicy(5, 12);

  public RetentionPolicy {
    // At least one year: the current year's and last year's visits back quota, corrections and
    // the ledger, and refunds of last year are usually settled in this one.
    if (visitYears < 1) {
      throw new IllegalArgumentException("visit years must be at least 1: " + visitYears);
    }
    if (nameMonths < 0) {
      throw new IllegalArgumentException("name months must be 0 or more: " + nameMonths);
    }
  }
}
