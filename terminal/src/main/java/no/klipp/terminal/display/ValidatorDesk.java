package no.klipp.terminal.display;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.Offer;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Roster;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.validation.Correction;
import no.klipp.terminal.validation.OfferSwitch;
import no.klipp.terminal.validation.Reason;
import no.klipp.terminal.validation.Validator;
import no.klipp.terminal.validation.Verdict;

/**
 * The path every scan takes when a screen is attached: validates it, shows the verdict, and
 * remembers the last admission so the desk's buttons (companion, undo, offer) act on the visit the
 * screen shows.
 */
public final class ValidatorDesk implements DeskActions {

  private final Validator validator;
  private final Ledger ledger;
  private final Roster roster;
  private final Display display;
  private final Runnable changed;
  private long offersGeneration = -1;
  private Map<String, String> offerNames = Map.of();
  /** The last scan, its verdict and the companions registered on it since. */
  private Scan lastScan;
  private Verdict last;
  private int companionsAdded;

  /** {@code changed} runs after anything may have been recorded (to refresh the status line). */
  public ValidatorDesk(Validator validator, Ledger ledger, Display display, Runnable changed) {
    this.validator = Objects.requireNonNull(validator, "validator == null");
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
    this.roster = new Roster(ledger);
    this.display = Objects.requireNonNull(display, "display == null");
    this.changed = Objects.requireNonNull(changed, "changed == null");
  }

  @Override
  public boolean staffed() {
    return Screen.staffedDesk(ledger);
  }

  /** Validates a scan from a reader, shows the verdict on the screen, and returns it. */
  public synchronized Verdict scan(Scan scan) {
    Verdict verdict = validator.validate(scan);
    display.show(remember(scan, verdict));
    changed.run();
    return verdict;
  }

  @Override
  public synchronized VerdictView typed(CardNumber number) {
    Scan scan = new Scan.Typed(number.digits());
    VerdictView view = remember(scan, validator.validate(scan));
    changed.run();
    return view;
  }

  @Override
  public synchronized VerdictView addCompanion() {
    UUID visit = lastAdmission();
    Correction correction = validator.addCompanions(visit, 1);
    refuseUnlessDone(correction);
    companionsAdded = correction.companions();
    changed.run();
    return view(last);
  }

  @Override
  public synchronized UndoneView undoLast() {
    refuseUnlessDone(validator.undo(lastAdmission()));
    changed.run();
    last = null;
    lastScan = null;
    companionsAdded = 0;
    return new UndoneView();
  }

  @Override
  public synchronized VerdictView chooseOffer(String offerId) {
    UUID visit = lastAdmission();
    if (!last.offers().contains(offerId)) {
      throw new DeskRefusal(DeskRefusal.Reason.NO_SUCH_OFFER, offerId);
    }
    if (offerId.equals(last.offerId())) {
      return view(last);
    }
    // Counted once under the offer staff chose, with the companions already registered; all or
    // nothing, so a refusal leaves the first admission as it was.
    OfferSwitch result = validator.chooseOffer(visit, lastScan, offerId, companionsAdded);
    return switch (result) {
      case OfferSwitch.Switched switched -> {
        changed.run();
        remember(lastScan, switched.verdict());
        companionsAdded = switched.companions();
        yield view(last);
      }
      case OfferSwitch.NotChangeable not -> throw refusal(not.outcome());
      case OfferSwitch.Refused refused ->
          throw new DeskRefusal(DeskRefusal.Reason.NO_SUCH_OFFER, offerId + ": " + refused.verdict().reason());
      case OfferSwitch.TooManyCompanions many ->
          throw new DeskRefusal(DeskRefusal.Reason.COMPANION_LIMIT, many.registered() + " companions registered");
    };
  }

  private VerdictView remember(Scan scan, Verdict verdict) {
    boolean sameVisit = last != null && verdict.visitId() != null && verdict.visitId().equals(last.visitId());
    if (!sameVisit) {
      companionsAdded = 0;
    }
    lastScan = scan;
    last = verdict;
    return view(verdict);
  }

  private UUID lastAdmission() {
    if (last == null || !last.admitted() || last.visitId() == null) {
      throw new DeskRefusal(DeskRefusal.Reason.NO_VISIT, "no admission on the screen");
    }
    return last.visitId();
  }

  private static void refuseUnlessDone(Correction correction) {
    if (!correction.done()) {
      throw refusal(correction.outcome());
    }
  }

  /** The desk's refusal for a correction that was not done. */
  private static DeskRefusal refusal(Correction.Outcome outcome) {
    DeskRefusal.Reason reason =
        switch (outcome) {
          case DONE -> throw new IllegalArgumentException("a correction done is no refusal");
          case UNKNOWN_VISIT, ALREADY_VOIDED -> DeskRefusal.Reason.NO_VISIT;
          case TOO_LATE -> DeskRefusal.Reason.TOO_LATE;
          case TOO_MANY_COMPANIONS -> DeskRefusal.Reason.COMPANION_LIMIT;
        };
    return new DeskRefusal(reason, outcome.name());
  }

  /** The screen's view of a verdict; nothing in it depends on where the card came from. */
  VerdictView view(Verdict verdict) {
    Map<String, String> names = offerNames();
    OfferChoice offer = verdict.offerId() == null ? null : choice(verdict.offerId(), names);
    List<OfferChoice> offers = verdict.offers().stream().map(id -> choice(id, names)).toList();
    // No name in the ledger (a terminal not registered as staffed): no holder line at all.
    Holder holder =
        // A card without a name (erased by the server a year after it expired) shows no holder line:
        // its verdict is EXPIRED anyway, and "null" or a bare comma would only confuse staff.
        verdict.holder() == null || verdict.holder().firstName() == null || verdict.holder().firstName().isBlank()
            ? null
            : new Holder(verdict.holder().firstName(), verdict.holder().birthYear());
    int allowed = verdict.admitted() ? verdict.companions() : 0;
    return new VerdictView(
        verdict.admitted(), reason(verdict.reason()), allowed, Math.min(companionsAdded, allowed),
        verdict.visitsLeft(), offer, offers, verdict.repeat(), holder);
  }

  static VerdictReason reason(Reason reason) {
    return switch (reason) {
      case ADMITTED -> VerdictReason.ADMITTED;
      case QUOTA_USED -> VerdictReason.QUOTA_USED;
      case NOT_VALID_HERE -> VerdictReason.NOT_VALID_HERE;
      case EXPIRED -> VerdictReason.EXPIRED;
      case NOT_YET_VALID -> VerdictReason.NOT_YET_VALID;
      case REVOKED -> VerdictReason.REVOKED;
      case UNKNOWN_CARD -> VerdictReason.UNKNOWN_CARD;
      case INVALID_CODE -> VerdictReason.INVALID_CODE;
      case AGE_OUTSIDE_SCHEME -> VerdictReason.AGE_OUTSIDE_SCHEME;
      case OUTSIDE_OPENING_HOURS -> VerdictReason.OUTSIDE_OPENING_HOURS;
      case SOLD_OUT -> VerdictReason.SOLD_OUT;
      case ALREADY_SCANNED -> VerdictReason.ALREADY_SCANNED;
      case OFFLINE_LIMIT -> VerdictReason.OFFLINE_LIMIT;
      case NOT_READY -> VerdictReason.NOT_READY;
    };
  }

  private static OfferChoice choice(String id, Map<String, String> names) {
    return new OfferChoice(id, names.getOrDefault(id, id));
  }

  /** Offer names change only with a new snapshot or delta, so they are read once per ledger generation. */
  private Map<String, String> offerNames() {
    long generation = ledger.generation();
    if (generation != offersGeneration) {
      Map<String, String> names = new HashMap<>();
      for (Offer offer : roster.offers()) {
        names.put(offer.id(), offer.name() == null ? offer.id() : offer.name());
      }
      offerNames = Map.copyOf(names);
      offersGeneration = generation;
    }
    return offerNames;
  }
}
