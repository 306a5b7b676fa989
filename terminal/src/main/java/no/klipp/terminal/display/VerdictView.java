package no.klipp.terminal.display;

import java.util.List;
import java.util.Objects;

/**
 * One verdict as the screen shows it. The same fields for every card whatever its origin: nothing
 * here says how a card was paid for or why a child has it.
 *
 * @param admitted whether the holder goes in free
 * @param reason why, in one closed set
 * @param companionsAllowed companions that go in free with the holder on this offer
 * @param companionsAdded companions staff have registered on this visit so far
 * @param visitsLeft visits left at this venue this period after this one; null when unlimited
 * @param offer the offer this visit counts against; null when none applied
 * @param offers every offer the card may use here now, when staff may choose among several
 * @param repeat true when this card was just admitted and this scan did not count again
 * @param holder first name and birth year for staff; null on the entrance screen and when unknown
 */
public record VerdictView(
    boolean admitted,
    VerdictReason reason,
    int companionsAllowed,
    int companionsAdded,
    Integer visitsLeft,
    OfferChoice offer,
    List<OfferChoice> offers,
    boolean repeat,
    Holder holder)
    implements DisplayEvent {

  public VerdictView {
    Objects.requireNonNull(reason, "reason == null");
    // ALREADY_SCANNED may go either way: the first scan's verdict stands.
    if (reason != VerdictReason.ALREADY_SCANNED && admitted != (reason == VerdictReason.ADMITTED)) {
      throw new IllegalArgumentException("admitted " + admitted + " contradicts reason " + reason);
    }
    if (companionsAllowed < 0) {
      throw new IllegalArgumentException("companionsAllowed < 0: " + companionsAllowed);
    }
    if (companionsAdded < 0 || companionsAdded > companionsAllowed) {
      throw new IllegalArgumentException(
          "companionsAdded out of 0.." + companionsAllowed + ": " + companionsAdded);
    }
    if (visitsLeft != null && visitsLeft < 0) {
      throw new IllegalArgumentException("visitsLeft < 0: " + visitsLeft);
    }
    offers = offers == null ? List.of() : List.copyOf(offers);
  }

  /** A refusal for {@code reason}, with nothing else to show. */
  public static VerdictView refused(VerdictReason reason) {
    return new VerdictView(false, reason, 0, 0, null, null, List.of(), false, null);
  }

  /** This verdict without the holder's name and birth year, for screens anyone may see. */
  public VerdictView withoutHolder() {
    return holder == null
        ? this
        : new VerdictView(
            admitted, reason, companionsAllowed, companionsAdded, visitsLeft, offer, offers, repeat,
            null);
  }

  @Override
  public String type() {
    return "verdict";
  }
}
