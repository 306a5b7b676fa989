package no.klipp.protocol.sync;

/**
 * A scheme's rules as terminals apply them: the age range, the default number of companions,
 * whether a card not yet in the ledger but with a verified credential may be admitted, and the
 * time zone the server counts the scheme's days and quota periods in ({@code null} from a server
 * that sends none).
 */
public record SchemeRules(
    long schemeId, String name, int minAge, int maxAge, int companions, boolean admitUnknownCards,
    String timeZone) {

  /** Rules without a time zone: the terminal's configured zone applies. */
  public SchemeRules(long schemeId, String name, int minAge, int maxAge, int companions, boolean admitUnknownCards) {
    this(schemeId, name, minAge, maxAge, companions, admitUnknownCards, null);
  }
}
