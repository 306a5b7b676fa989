package no.klipp.server.retention;

/** What one retention run deleted or erased (or, dry, would have): counts only, never whom. */
public record RetentionReport(long visits, long refusedVisits, long cardUsage, long names) {

  /** Nothing done. */
  public static final RetentionReport NONE = new RetentionReport(0, 0, 0, 0);

  /** This report with {@code other}'s counts added. */
  public RetentionReport plus(RetentionReport other) {
    return new RetentionReport(visits + other.visits, refusedVisits + other.refusedVisits,
        cardUsage + other.cardUsage, names + other.names);
  }
}
