package no.klipp.terminal.validation;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.VisitFlag;

/**
 * The answer to one scan, given only after an admission is durably recorded.
 *
 * @param admitted whether the holder goes in
 * @param reason why
 * @param cardNumber the card scanned, when it could be read
 * @param offerId the offer admitted under (or that refused), null when none was reached
 * @param offers the offers that would admit this card now (staff may pick one)
 * @param visitsLeft visits left in the period after this one; null when unlimited or unknown
 * @param companions companions who go free with the holder
 * @param repeat true when this repeats the verdict of a scan moments ago; nothing new was counted
 * @param visitId the recorded admission, null when refused
 * @param flags marks recorded with the visit (clock unverified, unknown card, offline, typed)
 * @param holder for staff eyes only; null when the card is not in the ledger
 * @param detail a short technical note for logs and scripts (why a code is invalid), or null
 */
public record Verdict(
    boolean admitted,
    Reason reason,
    String cardNumber,
    String offerId,
    List<String> offers,
    Integer visitsLeft,
    int companions,
    boolean repeat,
    UUID visitId,
    Set<VisitFlag> flags,
    Holder holder,
    String detail) {

  public Verdict {
    Objects.requireNonNull(reason, "reason == null");
    if (admitted != reason.admits()) {
      throw new IllegalArgumentException("admitted=" + admitted + " with reason " + reason);
    }
    offers = offers == null ? List.of() : List.copyOf(offers);
    flags = flags == null ? Set.of() : Set.copyOf(flags);
  }

  /** The verdict for input that is not a card code at all (a malformed or oversized line). */
  public static Verdict invalidCode(String detail) {
    return refused(Reason.INVALID_CODE, null, detail);
  }

  /** A refusal before any card was identified. */
  static Verdict refused(Reason reason, String cardNumber, String detail) {
    return new Verdict(false, reason, cardNumber, null, List.of(), null, 0, false, null, Set.of(), null, detail);
  }

  /** The same verdict without the staff-only holder, for screens a child can see and for scripts. */
  public Verdict withoutHolder() {
    return new Verdict(admitted, reason, cardNumber, offerId, offers, visitsLeft, companions, repeat, visitId,
        flags, null, detail);
  }
}
