package no.klipp.server.visit;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.AckStatus;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.Revocation;
import no.klipp.protocol.sync.SequenceGap;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitAck;
import no.klipp.protocol.sync.VisitBatchAck;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.card.CardTerms;
import no.klipp.server.card.CardRepository;
import no.klipp.server.card.CardTermsIndex;
import no.klipp.server.db.ByChange;
import no.klipp.server.db.Database;
import no.klipp.server.db.Dialect;
import no.klipp.server.db.SharedCommits;
import no.klipp.server.db.Sql;
import no.klipp.server.offer.OfferDefinition;
import no.klipp.server.offer.OfferRepository;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeRepository;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.terminal.TerminalRepository;
import no.klipp.server.terminal.TerminalService;
import no.klipp.server.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a terminal's batch of visits in one transaction. Visits are facts: each one is stored
 * once (the visit id makes repeats harmless, even concurrent ones), flagged when it broke a rule
 * the terminal could not see offline, and a malformed item is refused without blocking the rest.
 */
public final class VisitIngest implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VisitIngest.class);
  /** Most items one batch may carry. */
  public static final int MAX_BATCH = 10_000;
  private static final int MAX_COMPANIONS = 20;

  /** One quota period of one offer: the usage of the cards visiting under it moves in one statement. */
  private record OfferPeriod(String offerId, String period) implements Comparable<OfferPeriod> {
    @Override
    public int compareTo(OfferPeriod o) {
      int c = offerId.compareTo(o.offerId);
      return c != 0 ? c : period.compareTo(o.period);
    }
  }

  /** One terminal's batch, checked, waiting for its transaction. */
  private record Batch(TerminalIdentity who, List<Upload> items, TerminalReport report) {}

  private final VisitRepository visits;
  private final CardRepository cards;
  private final CardTermsIndex terms;
  private final OfferRepository offers;
  private final SchemeRepository schemes;
  private final TerminalRepository terminals;
  private final StoredVisits listener;
  private final Clock clock;
  /** Scheme rules and venue offers, read again only when the ledger's change number moves. */
  private final ByChange<Long, Scheme> schemeByChange = new ByChange<>(10_000);
  private final ByChange<String, Map<String, OfferDefinition>> offersByChange = new ByChange<>(100_000);
  /**
   * The offers with a capacity of each venue, as last read: an upload naming one locks it first
   * (PostgreSQL), so that two uploads never judge its last places at once. Read from the offers an
   * upload loads; an offer given a capacity moments ago may go unlocked by the next uploads.
   */
  private final Map<String, Set<String>> capacityOffers = new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * Batches that arrive together share a transaction (and its commit), one terminal's at most once
   * per transaction; half the pool's connections at most, so ledger reads always find one.
   */
  private final SharedCommits<Batch, VisitBatchAck> commits;

  /** How many transactions run uploads at a time. */
  private static int workers(Database db) {
    // SQLite has one writer. A second worker would only wait for the write lock in SQLite's busy
    // handler, which sleeps in steps and wakes late, and its commits would empty the first one's
    // page cache (SQLite drops a connection's cached pages when another connection changed the
    // file). One worker keeps one connection, its cache warm (IngestBench, 3 runs each: ratio
    // 0.36-0.47 against 0.33-0.39 with two).
    return db.dialect() == Dialect.SQLITE ? 1 : Math.max(1, db.poolSize() / 2);
  }

  /** With a {@code listener} told of newly stored visits inside the storing transaction. */
  public VisitIngest(Database db, VisitRepository visits, CardRepository cards, CardTermsIndex terms,
      OfferRepository offers, SchemeRepository schemes, TerminalRepository terminals, StoredVisits listener,
      Clock clock) {
    this.visits = visits;
    this.cards = cards;
    this.terms = terms;
    this.offers = offers;
    this.schemes = schemes;
    this.terminals = terminals;
    this.listener = listener;
    this.clock = clock;
    this.commits = new SharedCommits<>("visit-ingest", db, workers(db),
        b -> b.who().terminalId(), b -> Math.max(1, b.items().size()), MAX_BATCH, this::lockCards,
        (sql, b) -> store(sql, b.who(), b.items(), b.report()));
  }

  /** Stores a batch from {@code who}; a batch that claims another terminal or venue is refused whole. */
  public VisitBatchAck ingest(TerminalIdentity who, String batchTerminalId, List<Upload> items, TerminalReport report) {
    if (batchTerminalId != null && !batchTerminalId.equals(who.terminalId())) {
      throw ApiException.forbidden("batch is for another terminal");
    }
    if (items.size() > MAX_BATCH) {
      throw ApiException.invalid("a batch holds at most " + MAX_BATCH + " visits: " + items.size());
    }
    for (Upload u : items) {
      if (u instanceof Upload.Parsed(Visit v)) {
        if (v.venueId() != null && !v.venueId().equals(who.venueId())) {
          throw ApiException.forbidden("visit " + v.id() + " is for another venue");
        }
        if (v.terminalId() != null && !v.terminalId().equals(who.terminalId())) {
          throw ApiException.forbidden("visit " + v.id() + " is from another terminal");
        }
      }
    }
    VisitBatchAck ack = commits.run(new Batch(who, items, report));
    listener.committed();
    log.debug("Terminal {} uploaded {} visits", who.terminalId(), items.size());
    return ack;
  }

  private VisitBatchAck store(Sql sql, TerminalIdentity who, List<Upload> items, TerminalReport report)
      throws SQLException {
    // The receive time is read here, in the transaction, not when the batch arrived: ledger deltas
    // look for visits received a short margin before their last read, so a batch stamped before
    // it waited its turn (other groups, the write lock, its cards' locks) could commit too late to
    // be found by any delta.
    Instant now = clock.instant();
    // Recording the contact first also locks the terminal's row, so one terminal's batches queue;
    // and it finds out whether the terminal still holds its token, revoked through any instance.
    Optional<TerminalRepository.Contact> recorded = terminals.recordContact(sql, who, report, now);
    if (recorded.isEmpty()) {
      throw TerminalService.refusal(sql, terminals, who);
    }
    TerminalRepository.Contact contact = recorded.get();
    long complete = contact.sequenceComplete();
    Scheme scheme = schemeByChange.get(who.schemeId(), contact.change(),
        () -> schemes.find(sql, who.schemeId()).orElseThrow());
    Map<String, OfferDefinition> venueOffers = offersByChange.get(who.venueId(), contact.change(), () -> {
      Map<String, OfferDefinition> byId = new HashMap<>();
      Set<String> withCapacity = new HashSet<>();
      for (OfferDefinition o : offers.ofVenue(sql, who.venueId())) {
        byId.put(o.id(), o);
        if (o.capacity() != null) {
          withCapacity.add(o.id());
        }
      }
      capacityOffers.put(who.venueId(), Set.copyOf(withCapacity));
      return Map.copyOf(byId);
    });

    // Visit dates and quota periods are counted in the scheme's zone.
    ZoneId zone = scheme.zone();
    Map<Integer, VisitAck> acks = new HashMap<>();
    Map<Integer, Visit> candidates = new LinkedHashMap<>();
    Set<UUID> seen = new HashSet<>();
    // Sequence numbers this batch brought in (stored or refused), to move the terminal's mark.
    List<Long> arrived = new ArrayList<>(items.size());
    RefusalLog refusals = new RefusalLog(who.terminalId());
    for (int i = 0; i < items.size(); i++) {
      switch (items.get(i)) {
        case Upload.Unreadable(UUID id, long sequence, Refusal refusal) -> {
          acks.put(i, refuse(sql, who, id, sequence, refusal, now, arrived, refusals));
        }
        case Upload.Parsed(Visit v) -> {
          Refusal problem = problem(v, venueOffers);
          if (problem != null) {
            acks.put(i, refuse(sql, who, v.id(), v.sequence(), problem, now, arrived, refusals));
          } else if (!seen.add(v.id())) {
            acks.put(i, new VisitAck(v.id(), AckStatus.DUPLICATE, null, Set.of()));
          } else {
            candidates.put(i, withSender(v, who));
          }
        }
      }
    }
    Map<UUID, UsageKey> storedAdmissions = checkCorrections(sql, who, candidates, acks, now, arrived, refusals);
    refusals.batchDone();

    Set<String> cardNumbers = new HashSet<>();
    for (Visit v : candidates.values()) {
      cardNumbers.add(v.cardNumber());
    }
    // The counter read with the contact vouches for the index: no card query while it stands still.
    Map<String, CardTerms> cardsByNumber = terms.termsOf(sql, who.schemeId(), contact.change(), cardNumbers);
    // Only a revoked or replaced card has revocations; most batches need no look-up at all.
    List<String> mayBeRevoked = cardsByNumber.values().stream()
        .filter(c -> c.status() != CardStatus.ACTIVE || c.credentialSerial() > 1).map(CardTerms::cardNumber).toList();
    Map<String, List<Revocation>> revoked = new HashMap<>();
    for (Revocation r : mayBeRevoked.isEmpty() ? List.<Revocation>of() : cards.revocationsOf(sql, mayBeRevoked)) {
      revoked.computeIfAbsent(r.cardNumber(), k -> new ArrayList<>()).add(r);
    }
    // The period each visit is stored under, and the card, offer and period it counts under (none
    // for a correction whose admission the server does not know).
    Map<Integer, String> periods = new HashMap<>();
    Map<Integer, UsageKey> counted = new HashMap<>();
    Map<UUID, UsageKey> admissions = new HashMap<>();
    for (Map.Entry<Integer, Visit> e : candidates.entrySet()) {
      Visit v = e.getValue();
      if (v.kind() == VisitKind.ADMISSION) {
        String period = period(v, zone, venueOffers.get(v.offerId()), cardsByNumber.get(v.cardNumber()));
        UsageKey key = new UsageKey(v.cardNumber(), v.offerId(), period);
        periods.put(e.getKey(), period);
        counted.put(e.getKey(), key);
        admissions.put(v.id(), key);
      }
    }
    // A correction counts where its admission was stored, when it was: an admission sent again (its
    // acknowledgement lost) may come out in another period now, its card renewed since, say.
    admissions.putAll(storedAdmissions);
    for (Map.Entry<Integer, Visit> e : candidates.entrySet()) {
      Visit v = e.getValue();
      if (v.kind() != VisitKind.ADMISSION) {
        UsageKey admission = admissions.get(v.refersTo());
        periods.put(e.getKey(), correctionPeriod(admission));
        if (admission != null) {
          counted.put(e.getKey(), admission);
        }
      }
    }
    // What the batch adds to each card's usage, counted as if every visit were new.
    Map<OfferPeriod, SortedMap<String, Integer>> added = new TreeMap<>();
    for (Map.Entry<Integer, UsageKey> e : counted.entrySet()) {
      Visit v = candidates.get(e.getKey());
      UsageKey key = e.getValue();
      if (v.kind() != VisitKind.COMPANIONS || venueOffers.get(key.offerId()).quota() != null) {
        added.computeIfAbsent(new OfferPeriod(key.offerId(), key.period()), k -> new TreeMap<>())
            .merge(key.cardNumber(), usageDelta(v), Integer::sum);
      }
    }
    // Each card's net before this batch, where it matters: a card's count within the batch never
    // rises above its net after the batch plus the batch's voids (each takes one back), so a card
    // whose net after stays that far under the quota has no visit to flag; counted from 0 instead
    // of its net before (0 or more, or it is read too) it is flagged no more. Most cards of a batch
    // are such, and their counts are not read back.
    int voids = 0;
    for (Visit v : candidates.values()) {
      voids += v.kind() == VisitKind.VOID ? 1 : 0;
    }
    Map<String, Integer> admittedBefore = admittedBefore(sql, counted.values(), venueOffers);
    Map<UsageKey, Integer> before = new HashMap<>();
    for (Map.Entry<OfferPeriod, SortedMap<String, Integer>> g : added.entrySet()) {
      OfferPeriod op = g.getKey();
      Integer quota = venueOffers.get(op.offerId()).quota();
      before.putAll(visits.addUsage(sql, op.offerId(), op.period(), g.getValue(),
          quota == null ? VisitRepository.NONE_WANTED : quota - voids));
    }

    // Judged as if every visit were new; repeats are rare (a lost acknowledgement) and found by
    // the insert itself, which saves a look-up on every batch.
    Map<UsageKey, Integer> counts = new HashMap<>(before);
    Map<String, Integer> admitted = new HashMap<>(admittedBefore);
    List<VisitRow> rows = new ArrayList<>();
    Map<Integer, VisitRow> rowByIndex = new LinkedHashMap<>();
    for (Map.Entry<Integer, Visit> e : candidates.entrySet()) {
      Visit v = e.getValue();
      VisitRow row = judge(v, scheme, zone, venueOffers.get(v.offerId()), cardsByNumber.get(v.cardNumber()),
          periods.get(e.getKey()), counted.get(e.getKey()), revoked.getOrDefault(v.cardNumber(), List.of()), counts,
          admitted, now);
      rows.add(row);
      rowByIndex.put(e.getKey(), row);
    }

    Set<UUID> stored = visits.insertNew(sql, rows);
    if (stored.size() < rows.size()) {
      // Some were repeats, stored and counted in the usage before: take them out of what this
      // batch added, and judge the new ones again without them.
      Map<OfferPeriod, SortedMap<String, Integer>> repeats = new TreeMap<>();
      for (Map.Entry<Integer, VisitRow> e : rowByIndex.entrySet()) {
        Visit v = e.getValue().visit();
        UsageKey key = counted.get(e.getKey());
        if (!stored.contains(v.id()) && key != null && usageDelta(v) != 0) {
          repeats.computeIfAbsent(new OfferPeriod(key.offerId(), key.period()), k -> new TreeMap<>())
              .merge(key.cardNumber(), -usageDelta(v), Integer::sum);
        }
      }
      for (Map.Entry<OfferPeriod, SortedMap<String, Integer>> g : repeats.entrySet()) {
        visits.addUsage(sql, g.getKey().offerId(), g.getKey().period(), g.getValue(), VisitRepository.NONE_WANTED);
      }
      List<VisitRow> changed = new ArrayList<>();
      Map<UsageKey, Integer> recount = new HashMap<>(before);
      Map<String, Integer> readmitted = new HashMap<>(admittedBefore);
      for (Map.Entry<Integer, VisitRow> e : rowByIndex.entrySet()) {
        Visit v = e.getValue().visit();
        if (!stored.contains(v.id())) {
          continue;
        }
        VisitRow again = judge(v, scheme, zone, venueOffers.get(v.offerId()), cardsByNumber.get(v.cardNumber()),
            periods.get(e.getKey()), counted.get(e.getKey()), revoked.getOrDefault(v.cardNumber(), List.of()),
            recount, readmitted, now);
        if (!again.flags().equals(e.getValue().flags())) {
          changed.add(again);
        }
        e.setValue(again);
      }
      visits.updateFlags(sql, changed);
      rows = List.copyOf(rowByIndex.values());
    }
    List<VisitRow> storedRows = new ArrayList<>(stored.size());
    for (VisitRow row : rows) {
      if (stored.contains(row.visit().id())) {
        storedRows.add(row);
        arrived.add(row.visit().sequence());
      }
    }
    for (Map.Entry<Integer, VisitRow> e : rowByIndex.entrySet()) {
      VisitRow row = e.getValue();
      UUID id = row.visit().id();
      acks.put(e.getKey(), stored.contains(id)
          ? new VisitAck(id, AckStatus.STORED, null, serverFlags(row.flags()))
          : new VisitAck(id, AckStatus.DUPLICATE, null, Set.of()));
    }

    List<VisitRow> placed = placeEarlierCorrections(sql, who.venueId(), storedRows);

    List<SequenceGap> gaps = gaps(sql, who.terminalId(), complete, arrived);
    Optional<SequenceGap> tail = missingTail(sql, who.terminalId(), complete, report);
    if (tail.isPresent()) {
      gaps = new ArrayList<>(gaps);
      gaps.add(tail.get());
      log.warn("Terminal {} recorded visits up to {} and has none waiting, but {}..{} never arrived here (or are"
          + " lost here): asked for again", who.terminalId(), report.lastSequence(), tail.get().from(), tail.get().to());
    }
    boolean idle = items.isEmpty() && report != null && report.visitsWaiting() == 0;
    gaps = closeLostGaps(sql, who.terminalId(), contact, idle, gaps, now);
    // Last before commit: the statistics rows it updates are shared by a scheme's terminals, so
    // their locks should be held for as short a time as possible.
    listener.stored(sql, storedRows);
    if (!placed.isEmpty()) {
      listener.placed(sql, placed);
    }
    List<VisitAck> ordered = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      ordered.add(acks.get(i));
    }
    return new VisitBatchAck(now, ordered, gaps);
  }

  /**
   * First in every upload transaction: the locks on every card its batches name, and on each offer
   * with a capacity they name ({@link CardLocks}).
   */
  private void lockCards(Sql sql, List<Batch> batches) throws SQLException {
    if (sql.dialect() != Dialect.POSTGRESQL) {
      return;
    }
    Set<String> cardNumbers = new TreeSet<>();
    for (Batch b : batches) {
      Set<String> withCapacity = capacityOffers.getOrDefault(b.who().venueId(), Set.of());
      for (Upload u : b.items()) {
        if (u instanceof Upload.Parsed(Visit v) && v.offerId() != null && withCapacity.contains(v.offerId())) {
          // Not a card number, so never one's lock: taken in the same one order as the cards'.
          cardNumbers.add("offer:" + v.offerId());
        }
        // Only card numbers: anything else is refused before it is counted, and may not even be
        // text PostgreSQL can hold (a NUL would fail the lock and the whole upload with it).
        if (u instanceof Upload.Parsed(Visit v) && CardNumber.isValid(v.cardNumber())) {
          cardNumbers.add(v.cardNumber());
        }
      }
    }
    lockCardNumbers(sql, cardNumbers);
  }

  /**
   * PostgreSQL: the locks an upload naming {@code cardNumbers} takes first (nothing on SQLite);
   * held until the transaction ends. Tests take them to hold an upload where a busy server would.
   */
  static void lockCardNumbers(Sql sql, Set<String> cardNumbers) throws SQLException {
    CardLocks.lock(sql, cardNumbers);
  }

  /** Stops the threads that run the transactions. */
  @Override
  public void close() {
    commits.close();
  }

  /**
   * The visit with the uploading terminal and its venue filled in where it left them out (a visit
   * naming another one refuses the whole batch before this).
   */
  private static Visit withSender(Visit v, TerminalIdentity who) {
    if (v.terminalId() != null && v.venueId() != null) {
      return v;
    }
    return new Visit(v.id(), v.sequence(), v.kind(), v.refersTo(), v.cardNumber(), v.credentialSerial(), v.offerId(),
        who.venueId(), who.terminalId(), v.terminalTime(), v.companions(), v.flags());
  }

  /** Terminal times outside these bounds are refused: no terminal clock, however wrong, gives them. */
  static final java.time.Instant EARLIEST_TIME = java.time.Instant.parse("2000-01-01T00:00:00Z");
  static final java.time.Instant LATEST_TIME = java.time.Instant.parse("2100-01-01T00:00:00Z");

  /** Why a parsed visit cannot be stored, or null when it can. */
  private static Refusal problem(Visit v, Map<String, OfferDefinition> venueOffers) {
    if (v.sequence() < 1) {
      return new Refusal(Refusal.Kind.BAD_SEQUENCE, "sequence must be 1 or more: " + v.sequence());
    }
    if (v.cardNumber() == null || !CardNumber.isValid(v.cardNumber())) {
      return new Refusal(Refusal.Kind.NOT_A_CARD_NUMBER, "cardNumber is not a card number");
    }
    if (v.credentialSerial() < 0) {
      return new Refusal(Refusal.Kind.NEGATIVE_SERIAL, "credentialSerial < 0");
    }
    if (v.offerId() == null || !venueOffers.containsKey(v.offerId())) {
      return new Refusal(Refusal.Kind.FOREIGN_OFFER, "offerId is not an offer of this venue");
    }
    if (v.terminalTime() == null) {
      return new Refusal(Refusal.Kind.NO_TERMINAL_TIME, "terminalTime is required");
    }
    if (v.terminalTime().isBefore(EARLIEST_TIME) || !v.terminalTime().isBefore(LATEST_TIME)) {
      // A wrong clock is a fact to flag, but a time no calendar can hold is a broken message.
      return new Refusal(Refusal.Kind.IMPOSSIBLE_TERMINAL_TIME,
          "terminalTime outside " + EARLIEST_TIME + " .. " + LATEST_TIME + ": " + v.terminalTime());
    }
    if (v.companions() < 0 || v.companions() > MAX_COMPANIONS) {
      return new Refusal(Refusal.Kind.COMPANIONS_OUT_OF_RANGE, "companions must be 0.." + MAX_COMPANIONS);
    }
    if (v.kind() != VisitKind.ADMISSION && v.refersTo() == null) {
      return new Refusal(Refusal.Kind.NO_REFERS_TO, v.kind() + " needs refersTo");
    }
    return null;
  }

  /** An admission's quota period: the one its own date falls in. */
  private static String period(Visit v, ZoneId zone, OfferDefinition offer, CardTerms card) {
    LocalDate date = LocalDate.ofInstant(v.terminalTime(), zone);
    return offer.period().key(date, card == null ? date : card.validFrom());
  }

  /**
   * Refuses the corrections that cannot be counted as sent, and answers the venue's stored
   * admissions the others refer to. A correction must name its admission's card and offer: the
   * usage counts and the statistics would otherwise take back different visits. An admission is
   * voided once, by a stored void or by an earlier one of this batch, and then not corrected again:
   * a second void would take it back twice, and companions added to it would count on a visit that
   * no longer counts. A correction stored before (its acknowledgement lost) is left to be answered
   * as a duplicate. A batch without corrections, the usual one, costs no look-up; the others two.
   */
  private Map<UUID, UsageKey> checkCorrections(Sql sql, TerminalIdentity who, Map<Integer, Visit> candidates,
      Map<Integer, VisitAck> acks, Instant now, List<Long> arrived, RefusalLog refusals) throws SQLException {
    Set<UUID> referred = new HashSet<>();
    Map<UUID, Visit> batchAdmissions = new HashMap<>();
    for (Visit v : candidates.values()) {
      if (v.kind() == VisitKind.ADMISSION) {
        batchAdmissions.putIfAbsent(v.id(), v);
      } else {
        referred.add(v.refersTo());
      }
    }
    if (referred.isEmpty()) {
      return Map.of();
    }
    Map<UUID, UsageKey> stored = visits.admissionsOf(sql, who.venueId(), referred);
    Set<UUID> storedCorrections = new HashSet<>();
    Set<UUID> voided = new HashSet<>();
    for (VisitRepository.StoredCorrection c : visits.correctionsOf(sql, who.venueId(), referred)) {
      storedCorrections.add(c.id());
      if (c.kind() == VisitKind.VOID) {
        voided.add(c.refersTo());
      }
    }
    for (Iterator<Map.Entry<Integer, Visit>> it = candidates.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Integer, Visit> e = it.next();
      Visit v = e.getValue();
      if (v.kind() == VisitKind.ADMISSION || storedCorrections.contains(v.id())) {
        continue;
      }
      Refusal problem = correctionProblem(v, stored.get(v.refersTo()), batchAdmissions.get(v.refersTo()), voided);
      if (problem != null) {
        acks.put(e.getKey(), refuse(sql, who, v.id(), v.sequence(), problem, now, arrived, refusals));
        it.remove();
      } else if (v.kind() == VisitKind.VOID) {
        voided.add(v.refersTo());
      }
    }
    return stored;
  }

  /**
   * Places the corrections that reached the server before the admissions among {@code stored}: a
   * restore from a backup lost an admission the terminal had already sent, the terminal's next
   * upload brought its void, and the gap check then asked for the admission again. Stored in no
   * period, such a void took nothing back; now it is stored in its admission's period, takes its
   * admission back from the card's usage, and is passed on as placed, so the statistics take it
   * back too. Added companions are placed in the period as well. One naming another card or offer
   * than its admission stays in no period: it would have been refused had the admission come first.
   */
  private List<VisitRow> placeEarlierCorrections(Sql sql, String venueId, List<VisitRow> stored) throws SQLException {
    Map<UUID, VisitRow> admissions = new HashMap<>();
    for (VisitRow row : stored) {
      if (row.visit().kind() == VisitKind.ADMISSION) {
        admissions.put(row.visit().id(), row);
      }
    }
    if (admissions.isEmpty()) {
      return List.of();
    }
    List<VisitRow> placed = new ArrayList<>();
    Map<OfferPeriod, SortedMap<String, Integer>> takenBack = new TreeMap<>();
    for (VisitRow correction : visits.unplacedCorrectionsOf(sql, venueId, admissions.keySet())) {
      Visit c = correction.visit();
      VisitRow admission = admissions.get(c.refersTo());
      if (!admission.visit().cardNumber().equals(c.cardNumber()) || !admission.visit().offerId().equals(c.offerId())) {
        continue;
      }
      visits.placeCorrection(sql, c.id(), admission.periodKey());
      if (usageDelta(c) != 0) {
        takenBack.computeIfAbsent(new OfferPeriod(c.offerId(), admission.periodKey()), k -> new TreeMap<>())
            .merge(c.cardNumber(), usageDelta(c), Integer::sum);
      }
      placed.add(new VisitRow(c, correction.schemeId(), admission.periodKey(), correction.flags(),
          correction.receivedAt()));
    }
    for (Map.Entry<OfferPeriod, SortedMap<String, Integer>> g : takenBack.entrySet()) {
      visits.addUsage(sql, g.getKey().offerId(), g.getKey().period(), g.getValue(), VisitRepository.NONE_WANTED);
    }
    if (!placed.isEmpty()) {
      log.info("Placed {} correction(s) that arrived before their admission", placed.size());
    }
    return placed;
  }

  /**
   * Why {@code correction} cannot be stored, given its admission as stored or as in the batch
   * (either may be null: an admission the server does not know is stored and counted nowhere), and
   * the admissions voided so far; null when it can.
   */
  private static Refusal correctionProblem(Visit correction, UsageKey stored, Visit inBatch, Set<UUID> voided) {
    String card = stored != null ? stored.cardNumber() : inBatch != null ? inBatch.cardNumber() : null;
    String offer = stored != null ? stored.offerId() : inBatch != null ? inBatch.offerId() : null;
    if (card != null && (!card.equals(correction.cardNumber()) || !offer.equals(correction.offerId()))) {
      return new Refusal(Refusal.Kind.CORRECTS_ANOTHER_CARD,
          correction.kind() + " names another card or offer than the admission it refers to");
    }
    if (voided.contains(correction.refersTo())) {
      return new Refusal(Refusal.Kind.ALREADY_VOIDED, correction.kind() + " of an admission already voided");
    }
    return null;
  }

  /**
   * The period a correction is stored under: its admission's, however much later it was made, as
   * the terminal keeps it; the ledger, which reads stored visits by card, offer and period, then
   * counts it where the admission counts. {@link VisitRow#NO_PERIOD} when the server does not know
   * the admission (refused, or not arrived). One naming another card or offer was refused before.
   */
  private static String correctionPeriod(UsageKey admission) {
    return admission == null ? VisitRow.NO_PERIOD : admission.period();
  }

  /**
   * The visit as stored, with the flags for the rules it broke; {@code counted} is the usage it
   * moves (an admission's own, a correction's admission's), null for none.
   */
  private static VisitRow judge(Visit v, Scheme scheme, ZoneId zone, OfferDefinition offer, CardTerms card,
      String period, UsageKey counted, List<Revocation> revocations, Map<UsageKey, Integer> counts,
      Map<String, Integer> admitted, Instant now) {
    LocalDate date = LocalDate.ofInstant(v.terminalTime(), zone);
    Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
    flags.addAll(v.flags());
    for (Revocation r : revocations) {
      if (r.credentialSerial() == v.credentialSerial() && !r.revokedAt().isAfter(v.terminalTime())) {
        flags.add(VisitFlag.REVOKED_CARD);
      }
    }
    if ((card != null && !card.validOn(date)) || !offer.covers(date)) {
      flags.add(VisitFlag.OUTSIDE_VALIDITY);
    }
    if (counted != null) {
      int count = counts.getOrDefault(counted, 0) + usageDelta(v);
      counts.put(counted, count);
      if (v.kind() == VisitKind.ADMISSION && offer.quota() != null && count > offer.quota()) {
        flags.add(VisitFlag.OFFLINE_CONFLICT);
      }
      if (offer.capacity() != null) {
        int total = admitted.merge(offer.id(), usageDelta(v), Integer::sum);
        if (v.kind() == VisitKind.ADMISSION && total > offer.capacity()) {
          flags.add(VisitFlag.OFFLINE_CONFLICT);
        }
      }
    }
    return new VisitRow(v, scheme.id(), period, flags, now);
  }

  /**
   * The net admissions so far of each offer with a capacity that {@code counted} names, before this
   * batch: read before its usage is added. Most offers have none, and their batches read nothing.
   */
  private Map<String, Integer> admittedBefore(Sql sql, Collection<UsageKey> counted,
      Map<String, OfferDefinition> venueOffers) throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    for (UsageKey key : counted) {
      if (venueOffers.get(key.offerId()).capacity() != null && !out.containsKey(key.offerId())) {
        out.put(key.offerId(), visits.admittedUnder(sql, key.offerId()));
      }
    }
    return out;
  }

  /** What a visit adds to its card's net admissions: a void takes its admission back. */
  private static int usageDelta(Visit v) {
    return switch (v.kind()) {
      case ADMISSION -> 1;
      case VOID -> -1;
      case COMPANIONS -> 0;
    };
  }

  private static Set<VisitFlag> serverFlags(Set<VisitFlag> flags) {
    Set<VisitFlag> out = EnumSet.noneOf(VisitFlag.class);
    for (VisitFlag f : List.of(VisitFlag.OFFLINE_CONFLICT, VisitFlag.REVOKED_CARD, VisitFlag.OUTSIDE_VALIDITY)) {
      if (flags.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  private VisitAck refuse(Sql sql, TerminalIdentity who, UUID id, long sequence, Refusal refusal, Instant now,
      List<Long> arrived, RefusalLog refusals) throws SQLException {
    if (sequence > 0) {
      visits.insertRefused(sql, who.terminalId(), sequence, id, refusal.reason(), now);
      arrived.add(sequence);
    }
    refusals.refused(id, sequence, refusal.kind());
    return new VisitAck(id, AckStatus.REFUSED, refusal.reason(), Set.of());
  }

  /**
   * Sequence numbers the terminal skipped, after a batch brought in {@code arrived}. The usual batch
   * continues right after {@code sequence_complete} without a hole: then the mark moves to its end
   * in one statement, and only when numbers above it were sent before are they read.
   */
  private List<SequenceGap> gaps(Sql sql, String terminalId, long complete, List<Long> arrived)
      throws SQLException {
    long[] above = arrived.stream().mapToLong(Long::longValue).filter(s -> s > complete).sorted().distinct().toArray();
    if (above.length > 0 && above[0] == complete + 1 && above[above.length - 1] == complete + above.length) {
      long mark = complete + above.length;
      return terminals.advanceSequenceComplete(sql, terminalId, mark) ? gaps(sql, terminalId, mark) : List.of();
    }
    return gaps(sql, terminalId, complete);
  }

  /**
   * The numbers above the highest one here, up to the last one the terminal recorded, when it says
   * none of its visits waits to be sent: it holds them as acknowledged, so this server lost them
   * (its database restored from an older backup, say), and a terminal recording nothing new would
   * otherwise never hear of it. Only when it claims more than {@code complete}, so the usual report
   * costs no look-up.
   */
  private Optional<SequenceGap> missingTail(Sql sql, String terminalId, long complete,
      TerminalReport report) throws SQLException {
    if (report == null || report.lastSequence() == null || report.visitsWaiting() != 0
        || report.lastSequence() <= complete) {
      return Optional.empty();
    }
    long highest = terminals.highestSequence(sql, terminalId);
    return report.lastSequence() > highest
        ? Optional.of(new SequenceGap(highest + 1, report.lastSequence()))
        : Optional.empty();
  }

  /** Idle reports in a row answered with a gap, after which the gap's numbers are recorded as lost. */
  static final int LOST_AFTER_IDLE_REPORTS = 3;
  /** Most numbers recorded as lost at once: a larger gap (a terminal claiming a wild number) is left to an operator. */
  static final long MOST_LOST = 100_000;
  static final String LOST = "lost: the server lacks this visit and the terminal no longer holds it";

  /**
   * The gaps to answer, after recording as lost those that neither side holds any more: a terminal
   * told of a gap queues again what it still holds and sends it at its next sync, so when it has
   * reported {@value #LOST_AFTER_IDLE_REPORTS} times in a row that nothing waits (and sent
   * nothing), each answered with a gap, the numbers still missing are gone (the server restored from
   * an old backup after the terminal had deleted them). Left open, such a gap would be answered for
   * ever and make every later upload read the terminal's numbers above it again. The lost numbers go
   * to {@code refused_visit}, counted as arrived, with a reason an operator can find.
   */
  private List<SequenceGap> closeLostGaps(Sql sql, String terminalId, TerminalRepository.Contact contact,
      boolean idle, List<SequenceGap> gaps, Instant now) throws SQLException {
    if (!idle || gaps.isEmpty()) {
      if (contact.gapsTold() != 0) {
        terminals.setGapsTold(sql, terminalId, 0);
      }
      return gaps;
    }
    int told = contact.gapsTold() + 1;
    long missing = 0;
    for (SequenceGap g : gaps) {
      missing += g.to() - g.from() + 1;
    }
    if (told < LOST_AFTER_IDLE_REPORTS || missing > MOST_LOST) {
      if (told == LOST_AFTER_IDLE_REPORTS) {
        log.error("Terminal {} lacks {} visits the server never got, too many to record as lost; an operator must"
            + " look at them (gaps {})", terminalId, missing, gaps);
      }
      terminals.setGapsTold(sql, terminalId, told);
      return gaps;
    }
    terminals.addLost(sql, terminalId, missing);
    for (SequenceGap g : gaps) {
      visits.insertLost(sql, terminalId, g.from(), g.to(), LOST, now);
      log.warn("Terminal {} has reported {} times that nothing waits, but its visits {}..{} never arrived here:"
          + " recorded as lost", terminalId, told, g.from(), g.to());
    }
    terminals.setGapsTold(sql, terminalId, 0);
    return gaps(sql, terminalId, contact.sequenceComplete());
  }

  /**
   * Sequence numbers the terminal skipped. Everything up to {@code sequence_complete} has arrived;
   * only numbers above it are examined, and the mark moves up to the first gap.
   */
  private List<SequenceGap> gaps(Sql sql, String terminalId, long complete) throws SQLException {
    long expected = complete + 1;
    List<SequenceGap> gaps = new ArrayList<>();
    for (long s : visits.sequencesAfter(sql, terminalId, complete)) {
      if (s > expected) {
        gaps.add(new SequenceGap(expected, s - 1));
      }
      expected = Math.max(expected, s + 1);
    }
    long newComplete = gaps.isEmpty() ? expected - 1 : gaps.getFirst().from() - 1;
    if (newComplete > complete) {
      terminals.updateSequenceComplete(sql, terminalId, newComplete);
    }
    return gaps;
  }
}
