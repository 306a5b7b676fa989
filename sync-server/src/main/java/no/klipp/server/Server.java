package no.klipp.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import no.klipp.protocol.sync.Json;
import no.klipp.server.auth.AuthController;
import no.klipp.server.auth.Gatekeeper;
import no.klipp.server.auth.PasswordHasher;
import no.klipp.server.auth.Sessions;
import no.klipp.server.auth.Tokens;
import no.klipp.server.auth.UserRepository;
import no.klipp.server.auth.UserService;
import no.klipp.server.card.CardController;
import no.klipp.server.card.CardPrinter;
import no.klipp.server.card.CardRepository;
import no.klipp.server.card.CardService;
import no.klipp.server.card.CardTermsIndex;
import no.klipp.server.dashboard.Dashboard;
import no.klipp.server.db.Database;
import no.klipp.server.refund.RefundPayments;
import no.klipp.server.refund.RefundService;
import no.klipp.server.retention.DailyRetention;
import no.klipp.server.retention.Retention;
import no.klipp.server.retention.RetentionPolicy;
import no.klipp.server.stats.StatsFolder;
import no.klipp.server.stats.StatsRecorder;
import no.klipp.server.stats.StatsService;
import no.klipp.server.ledger.LedgerController;
import no.klipp.server.ledger.LedgerService;
import no.klipp.server.ledger.UsageRepository;
import no.klipp.server.offer.OfferController;
import no.klipp.server.offer.OfferRepository;
import no.klipp.server.offer.OfferService;
import no.klipp.server.scheme.IssuerKeys;
import no.klipp.server.scheme.MasterKey;
import no.klipp.server.scheme.SchemeController;
import no.klipp.server.scheme.SchemeRepository;
import no.klipp.server.scheme.SchemeService;
import no.klipp.server.terminal.TerminalController;
import no.klipp.server.terminal.TerminalRepository;
import no.klipp.server.terminal.TerminalService;
import no.klipp.server.venue.VenueController;
import no.klipp.server.venue.VenueRepository;
import no.klipp.server.venue.VenueService;
import no.klipp.server.visit.VisitController;
import no.klipp.server.visit.VisitIngest;
import no.klipp.server.visit.VisitRepository;
import no.klipp.server.web.Api;
import no.klipp.server.web.Body;
import no.klipp.server.web.Errors;
import no.klipp.server.web.HttpServer;
import no.klipp.server.web.TrustedProxies;

/**
 * The whole server built from its parts with {@code new}: repositories, services, controllers,
 * routes. {@link Main} and the tests both build it here, so they run the same thing.
 */
public final class Server implements AutoCloseable {

  /** How long a person's session lasts. */
  public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

  /**
   * Uploads are folded into the statistics once they pause this long (longer than a big batch takes,
   * so a terminal catching up is folded in one go)...
   */
  static final Duration FOLD_DELAY = Duration.ofSeconds(2);
  /** ...but never later than this after an upload, so busy hours are folded too. */
  static final Duration FOLD_MAX_DELAY = Duration.ofSeconds(10);
  /** Folds also run this often, for visits whose signal was lost (another instance, a failed fold). */
  static final Duration FOLD_TICK = Duration.ofSeconds(10);

  /**
   * Cards whose terms uploads keep in memory (about 200 bytes each, so ~100 MB at most): more than
   * every leisure card in the country; a server holding more forgets its least used schemes.
   */
  static final int CARD_TERMS_MAX_CARDS = 500_000;

  /** The daily retention run is first checked for this long after start, off the start-up itself... */
  static final Duration RETENTION_FIRST_CHECK = Duration.ofMinutes(1);
  /** ...and then this often; it runs once per date of the clock. */
  static final Duration RETENTION_CHECK = Duration.ofHours(1);

  public final SchemeService schemes;
  public final VenueService venues;
  public final OfferService offers;
  public final CardService cards;
  public final TerminalService terminals;
  public final UserService users;
  public final Sessions sessions;
  public final VisitIngest ingest;
  public final LedgerService ledger;
  public final StatsService stats;
  public final RefundService refunds;
  /** Refunds recorded as paid to venues, by month. */
  public final RefundPayments payments;
  /** Folds uploaded visits into the statistics off the upload path. */
  public final StatsFolder statsFolder;
  public final HttpServer http;
  private final Database db;
  private final Clock clock;
  /** Set by {@link #retainDaily}: {@code serve} runs the retention, tests and one-off commands need not. */
  private DailyRetention dailyRetention;

  /** With the default trusted proxies ({@link TrustedProxies#DEFAULT}). */
  public Server(Database db, MasterKey masterKey, PasswordHasher hasher, Clock clock, SecureRandom random) {
    this(db, masterKey, hasher, clock, random, TrustedProxies.of(TrustedProxies.DEFAULT));
  }

  /** {@code proxies}: the reverse proxies whose X-Forwarded-For tells a client's address. */
  public Server(Database db, MasterKey masterKey, PasswordHasher hasher, Clock clock, SecureRandom random,
      TrustedProxies proxies) {
    this.db = db;
    this.clock = clock;
    ObjectMapper mapper = Json.mapper();
    Body body = new Body(mapper);
    Tokens tokens = new Tokens(random);
    SchemeRepository schemeRepo = new SchemeRepository();
    VenueRepository venueRepo = new VenueRepository();
    OfferRepository offerRepo = new OfferRepository();
    CardRepository cardRepo = new CardRepository();
    TerminalRepository terminalRepo = new TerminalRepository();
    UserRepository userRepo = new UserRepository();
    VisitRepository visitRepo = new VisitRepository();
    IssuerKeys keys = new IssuerKeys(masterKey, random);

    schemes = new SchemeService(db, schemeRepo, keys, clock);
    venues = new VenueService(db, venueRepo, tokens, clock);
    offers = new OfferService(db, offerRepo, cardRepo, tokens, clock);
    cards = new CardService(db, cardRepo, schemeRepo, keys, clock, random);
    terminals = new TerminalService(db, terminalRepo, venueRepo, tokens, clock);
    users = new UserService(db, userRepo, venueRepo, hasher, clock);
    sessions = new Sessions(db, userRepo, hasher, tokens, clock, SESSION_LIFETIME,
        masterKey.derive("sign-in client address"));
    StatsRecorder statsRecorder = new StatsRecorder();
    statsRecorder.buildOnce(db, clock);
    // Uploads only note their new visits; the folder adds them to the statistics soon after, and
    // fully before any statistics or refund figure is read.
    statsFolder = new StatsFolder(db, statsRecorder, FOLD_DELAY, FOLD_MAX_DELAY, FOLD_TICK);
    ingest = new VisitIngest(db, visitRepo, cardRepo, new CardTermsIndex(cardRepo, CARD_TERMS_MAX_CARDS), offerRepo,
        schemeRepo, terminalRepo, statsFolder, clock);
    ledger = new LedgerService(db, schemeRepo, keys, offerRepo, cardRepo, new UsageRepository(), terminalRepo, clock);

    Api api = new Api(new Api.Controllers(
        new AuthController(sessions, users, body, proxies),
        new SchemeController(schemes, body),
        new VenueController(venues, body),
        new OfferController(offers, venues, body),
        new CardController(cards, schemes, new CardPrinter(), body),
        new TerminalController(terminals, venues, body),
        new VisitController(ingest, ledger, visitRepo, venues, schemes, db, mapper, clock),
        new LedgerController(ledger, mapper)), mapper);
    stats = new StatsService(db, statsFolder::foldAll);
    refunds = new RefundService(db, statsFolder::foldAll);
    payments = new RefundPayments(db, refunds, schemes, venues, clock);
    Dashboard dashboard = new Dashboard(new Dashboard.Services(db, sessions, tokens, SESSION_LIFETIME, stats, refunds,
        payments,
        cards, new CardPrinter(), schemes, venues, offers, terminals, clock, proxies));
    http = new HttpServer(api, dashboard.routes(), new Gatekeeper(sessions, terminals), new Errors(clock), mapper,
        clock);
  }

  /** The retention of {@code policy} on this server's database; pending visits are folded before a run. */
  public Retention retention(RetentionPolicy policy) {
    return new Retention(db, clock, policy, statsFolder::foldAll);
  }

  /** Runs the retention of {@code policy} once a day in the background until {@link #close}. */
  public synchronized void retainDaily(RetentionPolicy policy) {
    if (dailyRetention != null) {
      throw new IllegalStateException("daily retention already started");
    }
    dailyRetention = new DailyRetention(retention(policy), clock, RETENTION_FIRST_CHECK, RETENTION_CHECK);
  }

  /** Stops the HTTP server and the background work (the database stays open: the caller owns it). */
  @Override
  public void close() {
    synchronized (this) {
      if (dailyRetention != null) {
        dailyRetention.close();
      }
    }
    http.stop();
    ingest.close();
    statsFolder.close();
  }
}
