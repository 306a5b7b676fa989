package no.klipp.terminal.validation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.IssuerKeyring;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.SchemeRules;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitIds;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.terminal.ledger.Admission;
import no.klipp.terminal.ledger.Card;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Meta;
import no.klipp.terminal.ledger.Revoked;
import no.klipp.terminal.ledger.Roster;
import no.klipp.terminal.ledger.VisitLog;
import no.klipp.terminal.scan.Scan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a scanned card is admitted, offline, against the ledger, and records the visit
 * durably before answering. Also records the staff's corrections: companions and undo.
 */
public final class Validator {

  private static final Logger log = LoggerFactory.getLogger(Validator.class);

  /** The roster facts that change only with a snapshot or delta, kept in memory. */
  private record Venue(long generation, String venueId, SchemeRules scheme, List<Offer> offers, Revoked revoked,
      VerifiedCodes codes, boolean keyless, ZoneId zone, OfferCheck offerCheck) {}

  /** Verified QR texts remembered per roster generation: the last hour or so of a busy entrance. */
  static final int VERIFIED_CODES = 1_024;

  private final Ledger ledger;
  private final Roster roster;
  private final VisitLog visits;
  private final ValidationConfig config;
  private final TimeKeeper time;
  private final RandomGenerator random;
  private final SyncStatus sync;
  private Venue venue;
  /** Whether the lack of issuer keys was logged since the ledger last had some: once is enough. */
  private boolean warnedKeyless;

  public Validator(Ledger ledger, ValidationConfig config, TimeKeeper time, RandomGenerator random, SyncStatus sync) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
    this.config = Objects.requireNonNull(config, "config == null");
    this.time = Objects.requireNonNull(time, "time == null");
    this.random = Objects.requireNonNull(random, "random == null");
    this.sync = Objects.requireNonNull(sync, "sync == null");
    this.roster = new Roster(ledger);
    this.visits = new VisitLog(ledger);
    this.venue = loadVenue();
    config.defaultOffer().ifPresent(id -> {
      if (venue.offers().stream().noneMatch(o -> o.id().equals(id))) {
        throw new IllegalArgumentException("default offer '" + id + "' is not an offer of venue " + venue.venueId());
      }
    });
  }

  /**
   * The time high-water mark to start from: the saved mark or the latest visit, whichever is later;
   * visits dated before the mark was last lowered ({@link TimeKeeper#observed}) do not count.
   */
  public static Instant savedMark(Ledger ledger) {
    Instant saved = ledger.meta(Meta.TIME_MARK).map(s -> Instant.ofEpochMilli(Long.parseLong(s))).orElse(Instant.EPOCH);
    long loweredAt = ledger.meta(Meta.TIME_LOWERED_AT_SEQ).map(Long::parseLong).orElse(0L);
    Instant latest = new VisitLog(ledger).latestTime(loweredAt).orElse(Instant.EPOCH);
    return saved.isAfter(latest) ? saved : latest;
  }

  /** Saves the time high-water mark (at shutdown; visits carry it too). */
  public void saveMark() {
    ledger.setMeta(Meta.TIME_MARK, Long.toString(time.mark().toEpochMilli()));
  }

  /**
   * The server's time, read from an answer, for the time keeper; when it lowers a mark that a wall
   * clock running ahead left in the future, the lowered mark is stored at once, with the visits it
   * leaves behind, so a restart does not raise it again.
   */
  public void serverTime(Instant serverTime) {
    synchronized (ledger) {
      if (time.observed(serverTime)) {
        long lastSeq = new no.klipp.terminal.ledger.Outbox(ledger).lastSequence();
        ledger.setMeta(Meta.TIME_LOWERED_AT_SEQ, Long.toString(lastSeq));
        saveMark();
        log.warn("The time mark was ahead of the server's time and is lowered to it: visits up to number {} were"
            + " dated by a clock that ran ahead", lastSeq);
      }
    }
  }

  /** Validates a scan under the configured default offer, or the first that applies. */
  public Verdict validate(Scan scan) {
    return validate(scan, null);
  }

  /** Validates a scan; {@code offerId} is the offer staff picked, or null for the default. */
  public Verdict validate(Scan scan, String offerId) {
    Objects.requireNonNull(scan, "scan == null");
    synchronized (ledger) {
      Venue v = venue();
      // The reads and the visit's write in one transaction: one snapshot of the ledger for the
      // whole decision, and each read cheaper than on its own (no read transaction of its own).
      Verdict verdict = write("decide on a scan", c -> {
        ScannedCard scanned = new ScannedCard(roster);
        // A QR credential the roster holds, by fingerprint, is the server's own: no signature check.
        Presented presented = v.codes().read(scan, scanned::vouches);
        return switch (presented) {
          // With no key at all the terminal, not the card, is at fault: the code was never checked.
          case Presented.Invalid invalid when invalid.noKey() && v.keyless() ->
              Verdict.refused(Reason.NOT_READY, null, "the ledger holds no issuer keys");
          // A code read in full that no key here vouches for (another municipality's card, a key
          // newer than the last sync, a forgery, a tag copy): scanning it again cannot help, so
          // it is not a misread: a child is sent to the desk, where staff can type the number.
          case Presented.Invalid invalid when invalid.readInFull() ->
              Verdict.refused(Reason.UNKNOWN_CARD, null, invalid.detail());
          case Presented.Invalid invalid -> Verdict.refused(Reason.INVALID_CODE, null, invalid.detail());
          case Presented.Card card -> decide(v, card, offerId, scanned);
        };
      });
      log.debug("Scan of {}: {}", verdict.cardNumber(), verdict.reason());
      if (verdict.reason() == Reason.NOT_READY && !warnedKeyless) {
        warnedKeyless = true;
        log.warn("Card codes answered 'terminal not ready': the ledger {} holds no issuer keys, so no card can be "
            + "verified. Has the terminal synced? See 'terminal status'; the keys come with the server's snapshot.",
            ledger.path());
      }
      return verdict;
    }
  }

  /** One scan of an identified card being decided: who, when, and what is known so far. */
  private record Attempt(Venue venue, Card card, boolean known, int serial, Holder holder, Instant now,
      LocalDateTime local, Set<VisitFlag> flags, String picked) {}

  private Verdict decide(Venue v, Presented.Card presented, String pickedOffer, ScannedCard scanned) {
    TimeKeeper.Now now = time.now();
    Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
    if (now.unverified()) {
      flags.add(VisitFlag.CLOCK_UNVERIFIED);
    }
    if (presented.typed()) {
      flags.add(VisitFlag.MANUAL_ENTRY);
    }
    String number = presented.number();
    if (!presented.typed() && presented.credential().schemeId() != v.scheme().schemeId()) {
      return Verdict.refused(Reason.NOT_VALID_HERE, number, "card of scheme " + presented.credential().schemeId());
    }
    Optional<Card> known = scanned.card(number);
    Optional<Card> card = known.or(() -> unknownCard(v, presented));
    if (card.isEmpty()) {
      return Verdict.refused(Reason.UNKNOWN_CARD, number, null);
    }
    if (known.isEmpty()) {
      flags.add(VisitFlag.UNKNOWN_CARD);
    }
    Holder holder = known.map(c -> new Holder(c.firstName(), c.birthYear())).orElse(null);
    int serial = presented.typed() ? card.get().serial() : presented.credential().serial();
    return decide(new Attempt(v, card.get(), known.isPresent(), serial, holder, now.instant(),
        LocalDateTime.ofInstant(now.instant(), v.zone()), flags, pickedOffer));
  }

  /** A card issued after the last sync, trusted on its verified credential under the scheme's defaults. */
  private Optional<Card> unknownCard(Venue v, Presented.Card presented) {
    if (presented.typed() || !v.scheme().admitUnknownCards() || !config.admitUnknownCards()) {
      return Optional.empty();
    }
    var issued = presented.credential().issuedOn();
    return Optional.of(new Card(presented.number(), presented.credential().serial(), null, issued,
        issued.plusYears(1).minusDays(1), 0, null, CardStatus.ACTIVE, Set.of()));
  }

  private Verdict decide(Attempt a) {
    Duration lookBack = config.repeatWindow().compareTo(config.passbackWindow()) > 0
        ? config.repeatWindow() : config.passbackWindow();
    // Bounded above too: an admission dated far ahead (by a clock that ran ahead, before the mark was
    // lowered) happened at some unknown earlier moment and must not block the card until then.
    List<Admission> recent = visits.recentAdmissions(a.card().number(), a.now().minus(lookBack),
        a.now().plus(lookBack));
    // The card checks come first: a repeat re-shows an earlier admission of the card number, so
    // without them a revoked or superseded credential scanned just after the card's admission
    // would open the gate.
    Reason cardProblem = cardProblem(a);
    if (cardProblem != null) {
      return refusal(cardProblem, a, null, List.of(), null);
    }
    Optional<Verdict> repeat = repeat(a, recent);
    if (repeat.isPresent()) {
      return repeat.get();
    }
    Optional<Instant> offlineSince = config.offline().limitedSince(a.now(), sync::lastSuccessfulSync);
    if (offlineSince.isPresent()) {
      a.flags().add(VisitFlag.OFFLINE);
    }
    List<OfferCheck.Outcome> outcomes = new ArrayList<>();
    for (Offer o : a.venue().offers()) {
      outcomes.add(a.venue().offerCheck().check(o, a.card(), a.local(), a.now(), recent, config.passbackWindow(),
          offlineSince, config.offline().maxAdmissions()));
    }
    return admitOrRefuse(a, outcomes);
  }

  private Verdict admitOrRefuse(Attempt a, List<OfferCheck.Outcome> outcomes) {
    List<String> applicable = outcomes.stream().filter(OfferCheck.Outcome::admits).map(o -> o.offer().id()).toList();
    OfferCheck.Outcome chosen = choose(outcomes, a.picked());
    if (chosen == null) {
      return refusal(Reason.NOT_VALID_HERE, a, a.picked(), applicable, null);
    }
    if (!chosen.admits()) {
      return refusal(chosen.reason(), a, chosen.offer().id(), applicable, chosen.visitsLeft());
    }
    UUID id = newId(a.now());
    Visit visit = new Visit(id, 0, VisitKind.ADMISSION, null, a.card().number(), a.serial(), chosen.offer().id(),
        a.venue().venueId(), config.terminalId(), a.now(), 0, a.flags());
    visits.append(visit, chosen.period());
    return new Verdict(true, Reason.ADMITTED, a.card().number(), chosen.offer().id(), applicable, chosen.visitsLeft(),
        companions(a.venue(), chosen.offer(), a.known()), false, id, a.flags(), a.holder(), null);
  }

  private Optional<Verdict> repeat(Attempt a, List<Admission> recent) {
    if (recent.isEmpty()) {
      return Optional.empty();
    }
    Admission last = recent.getFirst();
    boolean within = !last.at().isBefore(a.now().minus(config.repeatWindow()));
    if (!within || (a.picked() != null && !a.picked().equals(last.offerId()))) {
      return Optional.empty();
    }
    Optional<Offer> offer = a.venue().offers().stream().filter(o -> o.id().equals(last.offerId())).findFirst();
    Integer left = offer.map(o -> a.venue().offerCheck().visitsLeft(o, a.card(), last)).orElse(null);
    int companions = offer.map(o -> companions(a.venue(), o, !last.flags().contains(VisitFlag.UNKNOWN_CARD))).orElse(0);
    return Optional.of(new Verdict(true, Reason.ADMITTED, a.card().number(), last.offerId(), List.of(last.offerId()),
        left, companions, true, last.id(), last.flags(), a.holder(), null));
  }

  private Reason cardProblem(Attempt a) {
    Card card = a.card();
    if (card.status() == CardStatus.REVOKED || a.serial() < card.serial()
        || a.venue().revoked().contains(card.number(), a.serial())) {
      return Reason.REVOKED;
    }
    if (a.local().toLocalDate().isBefore(card.validFrom())) {
      return Reason.NOT_YET_VALID;
    }
    if (a.local().toLocalDate().isAfter(card.validUntil())) {
      return Reason.EXPIRED;
    }
    int age = a.local().getYear() - card.birthYear();
    SchemeRules scheme = a.venue().scheme();
    if (a.known() && (age < scheme.minAge() || age > scheme.maxAge())) {
      return Reason.AGE_OUTSIDE_SCHEME;
    }
    return null;
  }

  private OfferCheck.Outcome choose(List<OfferCheck.Outcome> outcomes, String picked) {
    String wanted = picked != null ? picked : config.defaultOffer().orElse(null);
    if (wanted != null) {
      return outcomes.stream().filter(o -> o.offer().id().equals(wanted)).findFirst().orElse(null);
    }
    // A card let in here moments ago and handed back over the gate is refused, not let in again
    // under another offer of the venue (the ticket's, then the popcorn's): passback is the card's,
    // not an offer's. Staff who mean the other offer pick it.
    Optional<OfferCheck.Outcome> passedBack = outcomes.stream()
        .filter(o -> o.reason() == Reason.ALREADY_SCANNED).findFirst();
    if (passedBack.isPresent()) {
      return passedBack.get();
    }
    return outcomes.stream().filter(OfferCheck.Outcome::admits).findFirst()
        .or(() -> outcomes.stream().max(Comparator.comparingInt(OfferCheck.Outcome::stage)))
        .orElse(null);
  }

  private static int companions(Venue v, Offer offer, boolean knownCard) {
    return knownCard ? offer.companions() : Math.min(offer.companions(), v.scheme().companions());
  }

  private static Verdict refusal(Reason reason, Attempt a, String offerId, List<String> applicable,
      Integer visitsLeft) {
    return new Verdict(false, reason, a.card().number(), offerId, applicable, visitsLeft, 0, false, null, Set.of(),
        a.holder(), null);
  }

  /** Adds companions who go free to an admission recorded moments ago, as a COMPANIONS event. */
  public Correction addCompanions(UUID visitId, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count <= 0: " + count);
    }
    synchronized (ledger) {
      Venue v = venue();
      Optional<Admission> found = visits.admission(visitId);
      if (found.isEmpty()) {
        return Correction.refused(Correction.Outcome.UNKNOWN_VISIT);
      }
      Admission a = found.get();
      TimeKeeper.Now now = time.now();
      Optional<Correction> refused = correctable(a, now.instant());
      if (refused.isPresent()) {
        return refused.get();
      }
      int allowed = v.offers().stream().filter(o -> o.id().equals(a.offerId())).findFirst()
          .map(o -> companions(v, o, !a.flags().contains(VisitFlag.UNKNOWN_CARD))).orElse(0);
      if (a.companions() + count > allowed) {
        return new Correction(Correction.Outcome.TOO_MANY_COMPANIONS, null, a.companions());
      }
      UUID id = record(v, VisitKind.COMPANIONS, a, count, now);
      return new Correction(Correction.Outcome.DONE, id, a.companions() + count);
    }
  }

  /** Voids an admission recorded by mistake, within the undo window, as a VOID event. */
  public Correction undo(UUID visitId) {
    synchronized (ledger) {
      Venue v = venue();
      Optional<Admission> found = visits.admission(visitId);
      if (found.isEmpty()) {
        return Correction.refused(Correction.Outcome.UNKNOWN_VISIT);
      }
      TimeKeeper.Now now = time.now();
      Optional<Correction> refused = correctable(found.get(), now.instant());
      if (refused.isPresent()) {
        return refused.get();
      }
      return new Correction(Correction.Outcome.DONE, record(v, VisitKind.VOID, found.get(), 0, now), 0);
    }
  }

  /**
   * Counts an admission under the offer staff chose instead: voids it, admits {@code scan} again
   * under {@code offerId} and registers the {@code companions} already let in on it, in one
   * transaction. When any step cannot be done (the chosen offer's hours just ended, say) nothing is
   * recorded and the first admission stands: the child is inside, so it must stay counted.
   */
  public OfferSwitch chooseOffer(UUID visitId, Scan scan, String offerId, int companions) {
    Objects.requireNonNull(scan, "scan == null");
    synchronized (ledger) {
      try {
        return write("count the admission under another offer", c -> {
          Correction undone = undo(visitId);
          if (!undone.done()) {
            throw new Abandoned(new OfferSwitch.NotChangeable(undone.outcome()));
          }
          Verdict again = validate(scan, offerId);
          if (!again.admitted() || again.repeat()) {
            throw new Abandoned(new OfferSwitch.Refused(again));
          }
          if (companions > 0 && !addCompanions(again.visitId(), companions).done()) {
            throw new Abandoned(new OfferSwitch.TooManyCompanions(companions));
          }
          return new OfferSwitch.Switched(again, companions);
        });
      } catch (Abandoned abandoned) {
        return abandoned.result;
      }
    }
  }

  /** Rolls back an offer switch that cannot be done whole, carrying why. */
  private static final class Abandoned extends RuntimeException {
    final OfferSwitch result;

    Abandoned(OfferSwitch result) {
      super(null, null, false, false);
      this.result = result;
    }
  }

  private Optional<Correction> correctable(Admission a, Instant now) {
    if (a.voided()) {
      return Optional.of(Correction.refused(Correction.Outcome.ALREADY_VOIDED));
    }
    if (a.at().plus(config.undoWindow()).isBefore(now)) {
      return Optional.of(Correction.refused(Correction.Outcome.TOO_LATE));
    }
    return Optional.empty();
  }

  private UUID record(Venue v, VisitKind kind, Admission a, int companions, TimeKeeper.Now now) {
    UUID id = newId(now.instant());
    Set<VisitFlag> flags = now.unverified() ? Set.of(VisitFlag.CLOCK_UNVERIFIED) : Set.of();
    Visit event = new Visit(id, 0, kind, a.id(), a.cardNumber(), a.serial(), a.offerId(), v.venueId(),
        config.terminalId(), now.instant(), companions, flags);
    write("record the " + kind.name().toLowerCase(java.util.Locale.ROOT), c -> visits.append(event, a.period()));
    return id;
  }

  /** Runs work that may append visits, committed durably; on failure nothing of it is kept, nor counted. */
  private <T> T write(String what, Ledger.SqlWork<T> work) {
    try {
      return ledger.write(what, work);
    } catch (RuntimeException e) {
      visits.forgetCounts();
      throw e;
    }
  }

  /** A new visit id for a visit at {@code at} (time-ordered: {@link VisitIds}), from the injected source. */
  private UUID newId(Instant at) {
    return VisitIds.next(at, random);
  }

  private Venue venue() {
    if (venue.generation() != ledger.generation()) {
      venue = loadVenue();
    }
    return venue;
  }

  private Venue loadVenue() {
    long generation = ledger.generation();
    SchemeRules scheme = roster.scheme().orElseThrow(() -> new no.klipp.terminal.ledger.LedgerException(
        no.klipp.terminal.ledger.LedgerException.Problem.MISSING,
        "the ledger " + ledger.path() + " holds no snapshot yet: load one with 'terminal ledger import FILE'"));
    String venueId = roster.venueId().orElse("");
    IssuerKeyring keyring = IssuerKeyring.of(roster.issuerKeys());
    if (keyring.size() > 0) {
      warnedKeyless = false;
    }
    // The server counts days and quota periods in the scheme's zone; a terminal configured for
    // another would store visits under periods the server's counts never add up with.
    ZoneId zone = scheme.timeZone() != null ? ZoneId.of(scheme.timeZone()) : config.zone();
    return new Venue(generation, venueId, scheme, roster.offers(), roster.revocations(),
        new VerifiedCodes(new CredentialCodec(keyring), VERIFIED_CODES), keyring.size() == 0, zone,
        new OfferCheck(roster, visits, zone));
  }
}
