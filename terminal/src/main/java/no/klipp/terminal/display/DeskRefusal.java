package no.klipp.terminal.display;

import java.util.Objects;

/** A desk action that cannot be done now; {@code reason} names a message in the display's bundles. */
public final class DeskRefusal extends RuntimeException {

  /** Why a desk action was refused, each worded in the display's bundles under {@code desk.refused.*}. */
  public enum Reason {
    /** There is no admission to act on (none yet, or it was undone). */
    NO_VISIT,
    /** The offer lets no more companions in free. */
    COMPANION_LIMIT,
    /** The offer chosen does not apply to this card here now. */
    NO_SUCH_OFFER,
    /** The last admission is too old to change. */
    TOO_LATE
  }

  private final Reason reason;

  public DeskRefusal(Reason reason, String detail) {
    super(Objects.requireNonNull(reason, "reason == null") + ": " + detail);
    this.reason = reason;
  }

  /** Why the action was refused. */
  public Reason reason() {
    return reason;
  }
}
