package no.klipp.server.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.Revocation;
import no.klipp.protocol.sync.RetiredIssuerKey;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.server.card.Card;
import no.klipp.server.card.CardRepository;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.db.Database;
import no.klipp.server.offer.OfferDefinition;
import no.klipp.server.offer.OfferRepository;
import no.klipp.server.scheme.IssuerKeys;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeRepository;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.terminal.TerminalRepository;
import no.klipp.server.terminal.TerminalService;
import no.klipp.server.web.ApiException;

/**
 * A terminal's ledger: a full snapshot of its venue (scheme rules, keys, offers, every card of the
 * scheme, revocations, other terminals' usage) and then deltas after a cursor. Holders' first names
 * go only to staffed terminals ({@link TerminalRepository.LedgerForm#staffed}, read with the token
 * check of each call); every other terminal gets each card with {@code firstName} null, so an
 * unattended entrance holds no list of the children. A terminal marked staffed or not after its
 * cursor is sent to a new snapshot (409 {@value #SNAPSHOT_REQUIRED}).
 */
public final class LedgerService {

  /**
   * Visits are looked at again this far behind the last read: a batch that was still being
   * stored then is counted now. Counts replace earlier ones, so a repeat is harmless.
   */
  static final Duration USAGE_MARGIN = Duration.ofSeconds(30);
  /** Usage older than this no longer matters to any quota period (a year and some). */
  static final Duration USAGE_HORIZON = Duration.ofDays(400);
  /** The error code of a delta refused because the terminal must load a new snapshot first. */
  public static final String SNAPSHOT_REQUIRED = "snapshot_required";

  private final Database db;
  private final SchemeRepository schemes;
  private final IssuerKeys keys;
  private final OfferRepository offers;
  private final CardRepository cards;
  private final UsageRepository usage;
  private final TerminalRepository terminals;
  private final Clock clock;

  public LedgerService(Database db, SchemeRepository schemes, IssuerKeys keys, OfferRepository offers,
      CardRepository cards, UsageRepository usage, TerminalRepository terminals, Clock clock) {
    this.db = db;
    this.schemes = schemes;
    this.keys = keys;
    this.offers = offers;
    this.cards = cards;
    this.usage = usage;
    this.terminals = terminals;
    this.clock = clock;
  }

  /** Everything the terminal's venue needs; its own visits are left out of the counts. */
  public LedgerSnapshot snapshot(TerminalIdentity who) {
    return snapshot(who, null);
  }

  /**
   * Everything the terminal's venue needs, with the terminal's own visits received before
   * {@code ownBefore} in the counts (null: none; a time after the snapshot's is the snapshot's):
   * those its ledger does not hold, when it was started afresh.
   */
  public LedgerSnapshot snapshot(TerminalIdentity who, Instant ownBefore) {
    Instant now = clock.instant();
    Instant own = ownBound(ownBefore, now);
    return db.read(sql -> {
      // The change number first: every row numbered up to it has committed (see ChangeCounter). The
      // form after it: if the terminal's form changes in between, the cursor is older than the change
      // and the next delta asks for a new snapshot, whichever form this one was made in.
      ChangeCounter.Position at = ChangeCounter.position(sql);
      Optional<TerminalRepository.LedgerForm> held = terminals.ledgerForm(sql, who);
      if (held.isEmpty()) {
        throw TerminalService.refusal(sql, terminals, who);
      }
      TerminalRepository.LedgerForm form = held.get();
      Scheme scheme = schemes.find(sql, who.schemeId()).orElseThrow();
      List<Offer> venueOffers = offers.ofVenue(sql, who.venueId()).stream()
          .filter(o -> !o.withdrawn()).map(OfferDefinition::wire).toList();
      Map<String, List<String>> chosen = offers.chosenAtVenue(sql, who.venueId());
      List<Card> all = cards.allOfScheme(sql, who.schemeId());
      List<CardRecord> records = new ArrayList<>(all.size());
      LocalDate today = LocalDate.ofInstant(now, scheme.zone());
      for (Card c : all) {
        records.add(c.record(chosen.getOrDefault(c.cardNumber(), List.of()), form.staffed(), today));
      }
      List<UsageCount> counts = usage.since(sql, who.venueId(), who.terminalId(), now.minus(USAGE_HORIZON), own);
      return new LedgerSnapshot(who.venueId(), new Cursor(at.change(), now, at.generation()).text(), now, scheme.rules(),
          keys.publicKeys(sql, who.schemeId()), venueOffers, records, cards.revocations(sql, who.schemeId()), counts,
          form.staffed());
    });
  }

  /**
   * The time before which the terminal's own received visits are counted, bounded to what a
   * database can hold: before 1970 no visit was received (none counted), after now none yet.
   */
  private static Instant ownBound(Instant ownBefore, Instant now) {
    return ownBefore == null || ownBefore.isBefore(Instant.EPOCH) ? Instant.EPOCH
        : ownBefore.isAfter(now) ? now : ownBefore;
  }

  /** What changed for the terminal's venue after {@code since}; its own visits are left out of the counts. */
  public LedgerDelta delta(TerminalIdentity who, String since) {
    return delta(who, since, null);
  }

  /**
   * What changed for the terminal's venue after {@code since}, the counts holding the terminal's
   * own visits received before {@code ownBefore} as its snapshot did (null: none). A ledger started
   * afresh counts only the visits made since its birth; a count without the earlier ones would
   * replace the snapshot's and lose them.
   */
  public LedgerDelta delta(TerminalIdentity who, String since, Instant ownBefore) {
    Cursor from = Cursor.parse(since)
        .orElseThrow(() -> new ApiException(400, "bad_cursor", "since is not a cursor from this server"));
    Instant now = clock.instant();
    Instant own = ownBound(ownBefore, now);
    return db.read(sql -> {
      // The change number first (in the same statement as the usage counts and the token check):
      // every row numbered up to it has committed (see ChangeCounter).
      UsageRepository.Recent recent = usage.recent(sql, who, from.readAt().minus(USAGE_MARGIN), own);
      if (recent.form().isEmpty()) {
        throw TerminalService.refusal(sql, terminals, who);
      }
      TerminalRepository.LedgerForm form = recent.form().get();
      long change = recent.change();
      if (from.generation() != recent.generation()) {
        throw new ApiException(400, "bad_cursor", "cursor is from before this database was restored from a backup;"
            + " take a new snapshot");
      }
      if (from.change() > change) {
        throw new ApiException(400, "bad_cursor", "cursor is ahead of this server; take a new snapshot");
      }
      if (from.change() < form.resetChange()) {
        // Marked staffed or not since: every card's name must come or go, which only a snapshot does.
        throw new ApiException(409, SNAPSHOT_REQUIRED, "this terminal's ledger changed form (staffed or not)"
            + " after the cursor; take a new snapshot");
      }
      Scheme scheme = null;
      List<Offer> changedOffers = new ArrayList<>();
      List<String> removed = new ArrayList<>();
      List<CardRecord> records = new ArrayList<>();
      List<IssuerPublicKey> newKeys = List.of();
      List<Revocation> revocations = List.of();
      List<RetiredIssuerKey> retiredKeys = List.of();
      // Most deltas find nothing changed; then the one statement above answers for all of it.
      if (change > from.change()) {
        scheme = schemes.changedAfter(sql, who.schemeId(), from.change(), change).orElse(null);
        for (OfferDefinition o : offers.changedAfter(sql, who.venueId(), from.change(), change)) {
          if (o.withdrawn()) {
            removed.add(o.id());
          } else {
            changedOffers.add(o.wire());
          }
        }
        List<Card> changedCards = cards.changedAfter(sql, who.schemeId(), from.change(), change);
        if (!changedCards.isEmpty()) {
          Map<String, List<String>> chosen = offers.chosenAtVenue(sql, who.venueId());
          Scheme rules = scheme != null ? scheme : schemes.find(sql, who.schemeId()).orElseThrow();
          LocalDate today = LocalDate.ofInstant(now, rules.zone());
          for (Card c : changedCards) {
            records.add(c.record(chosen.getOrDefault(c.cardNumber(), List.of()), form.staffed(), today));
          }
        }
        newKeys = keys.publicKeysAfter(sql, who.schemeId(), from.change(), change);
        retiredKeys = keys.retiredAfter(sql, who.schemeId(), from.change(), change);
        revocations = cards.revocationsAfter(sql, who.schemeId(), from.change(), change);
      }
      return new LedgerDelta(since, new Cursor(change, now, recent.generation()).text(), now, scheme == null ? null : scheme.rules(),
          newKeys, changedOffers, removed, records, revocations, recent.counts(), retiredKeys);
    });
  }
}
