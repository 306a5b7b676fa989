package no.klipp.server.terminal;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.EnrollResponse;
import no.klipp.server.auth.Tokens;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.db.Database;
import no.klipp.server.db.Sql;
import no.klipp.server.db.StoredText;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueRepository;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal fleet: registering a terminal for a venue (a one-time code), exchanging the code
 * for a per-terminal bearer token, revoking, rotating, and checking tokens on every call.
 */
public final class TerminalService {

  private static final Logger log = LoggerFactory.getLogger(TerminalService.class);
  /** How long an enrollment code can be used. */
  public static final Duration CODE_LIFETIME = Duration.ofDays(7);
  /**
   * How long after enrolling the same installation may enroll again with the same code, for an
   * answer lost on the way (it gets a new token; the first one stops working).
   */
  public static final Duration RETRY_WINDOW = Duration.ofMinutes(15);
  /**
   * How long a verified token's terminal is remembered, which saves looking up whose it is: longer
   * than the terminals' 3-minute pull interval, so a terminal's token is looked up a few times an
   * hour, not on every sync. Whether the token still holds is checked on every terminal call all
   * the same, in a statement the call runs anyway ({@link TerminalRepository#HOLDS_TOKEN}), so a
   * revocation or rotation through any server instance sharing the database refuses the next call.
   */
  public static final Duration TOKEN_MEMORY = Duration.ofMinutes(15);
  /** Most tokens kept verified (a few hundred bytes each). */
  static final int MAX_VERIFIED_TOKENS = 100_000;

  private final Database db;
  private final TerminalRepository terminals;
  private final VenueRepository venues;
  private final Tokens tokens;
  private final Clock clock;
  private final VerifiedTokens verified;

  public TerminalService(Database db, TerminalRepository terminals, VenueRepository venues, Tokens tokens,
      Clock clock) {
    this.db = db;
    this.terminals = terminals;
    this.venues = venues;
    this.tokens = tokens;
    this.clock = clock;
    this.verified = new VerifiedTokens(clock, TOKEN_MEMORY, MAX_VERIFIED_TOKENS);
  }

  /**
   * Registers a terminal for the venue; its one-time code is in the answer and nowhere else. Only a
   * {@code staffed} terminal (a desk where staff look at the screen) gets the holders' first names.
   */
  public Registration register(String venueId, String name, boolean staffed) {
    String n = Check.text(name, "name", 100);
    String id = tokens.id("trm");
    String code = tokens.code();
    Instant now = clock.instant();
    Instant expires = now.plus(CODE_LIFETIME);
    db.transaction(sql -> {
      terminals.insert(sql, id, venueId, n, staffed, Tokens.hash(Tokens.normaliseCode(code)), expires, now);
      return null;
    });
    log.info("Terminal {} registered for venue {}{}", id, venueId, staffed ? ", staffed" : "");
    return new Registration(get(id), code, expires);
  }

  public Terminal get(String id) {
    return db.read(sql -> terminals.find(sql, id)).orElseThrow(() -> ApiException.notFound("terminal " + id));
  }

  /** Every terminal of the scheme's venues. */
  public List<Terminal> ofScheme(long schemeId) {
    return db.read(sql -> terminals.ofScheme(sql, schemeId));
  }

  public List<Terminal> ofVenue(String venueId) {
    return db.read(sql -> terminals.ofVenue(sql, venueId));
  }

  /** Exchanges a one-time code for the terminal's bearer token; the code works once. */
  public EnrollResponse enroll(EnrollRequest request) {
    String code = Tokens.normaliseCode(Check.present(request.code(), "code"));
    Check.that(code.length() <= 40, "code is too long");
    String codeHash = Tokens.hash(code);
    String token = tokens.token();
    Instant now = clock.instant();
    String version = softwareVersion(request.softwareVersion());
    String installation = request.installationId();
    Check.that(installation == null || (installation.length() >= 16 && installation.length() <= 100),
        "installationId must be 16 to 100 characters");
    String retryHash = installation == null ? null : Tokens.hash(codeHash + ":" + installation);
    record Enrolled(String terminalId, long lastSequence) {}
    Enrolled enrolled = db.transaction(sql -> {
      String id = claim(sql, codeHash, Tokens.hash(token), retryHash, version, now);
      return new Enrolled(id, terminals.highestSequence(sql, id));
    });
    String terminalId = enrolled.terminalId();
    // A token handed out by a first, lost answer must not stay trusted from the cache.
    verified.forget(terminalId);
    Terminal terminal = get(terminalId);
    Venue venue = db.read(sql -> venues.find(sql, terminal.venueId())).orElseThrow();
    log.info("Terminal {} enrolled", terminalId);
    return new EnrollResponse(terminalId, venue.id(), venue.name(), token, now, enrolled.lastSequence());
  }

  /**
   * The terminal the code enrolls, now holding {@code tokenHash}: the pending one it was made for,
   * or, asked again by the same installation, the one it enrolled a moment ago (the first answer
   * was lost); 401 otherwise.
   */
  private String claim(Sql sql, String codeHash, String tokenHash, String retryHash, String version, Instant now)
      throws SQLException {
    Optional<String> pending = terminals.byEnrollmentCode(sql, codeHash, now);
    if (pending.isPresent() && terminals.enroll(sql, pending.get(), codeHash, tokenHash, retryHash, version, now)) {
      return pending.get();
    }
    if (retryHash != null) {
      Optional<String> again = terminals.reenroll(sql, retryHash, now.minus(RETRY_WINDOW), tokenHash);
      if (again.isPresent()) {
        log.info("Terminal {} enrolled again with its code: the first answer did not reach it", again.get());
        return again.get();
      }
    }
    throw ApiException.unauthorized("enrollment code is unknown, used or expired");
  }

  /**
   * A software version as a terminal reports it, fit to keep and show: at most 50 characters,
   * without control characters (a NUL would fail the call on PostgreSQL); null for none.
   */
  static String softwareVersion(String reported) {
    return StoredText.of(reported, 50);
  }

  /** The terminal holding {@code token}: 401 when unknown, 403 when revoked or waiting for a new code. */
  public TerminalIdentity authenticate(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      throw ApiException.unauthorized("terminal token required");
    }
    String hash = Tokens.hash(token);
    TerminalIdentity known = verified.get(hash);
    if (known != null) {
      return known;
    }
    long generation = verified.generation();
    Optional<TerminalRepository.TokenOwner> owner = db.read(sql -> terminals.byToken(sql, hash));
    if (owner.isEmpty() || owner.get().state() != TerminalState.ACTIVE) {
      throw refusal(owner);
    }
    verified.remember(hash, owner.get().identity(), generation);
    return owner.get().identity();
  }

  /**
   * Why a call is refused once its token no longer holds: 401 for a token no terminal has now, 403
   * for a terminal revoked or waiting for a new code. For a call whose statements found the token
   * gone ({@link TerminalRepository#HOLDS_TOKEN}) it looks once more, to answer as a first call would.
   */
  public static ApiException refusal(Sql sql, TerminalRepository terminals, TerminalIdentity who)
      throws SQLException {
    return refusal(terminals.byToken(sql, who.tokenHash())
        .filter(o -> o.identity().terminalId().equals(who.terminalId())));
  }

  private static ApiException refusal(Optional<TerminalRepository.TokenOwner> owner) {
    return owner.isEmpty() ? ApiException.unauthorized("unknown terminal token")
        : new ApiException(403, "terminal_revoked", "this terminal has been revoked");
  }

  /**
   * Marks a terminal a staffed desk or not. Its ledger must then gain or lose every holder's first
   * name: the change takes a ledger change number, and the terminal's next delta after an older
   * cursor is refused so that it loads a new snapshot (e.g. an entrance registered before terminals
   * were told apart loses the names it holds without anyone going there). Marking it as it is
   * already changes nothing.
   */
  public Terminal setStaffed(String id, boolean staffed) {
    Terminal before = get(id);
    if (before.state() == TerminalState.REVOKED) {
      throw ApiException.conflict("terminal " + id + " is revoked");
    }
    if (before.staffed() == staffed) {
      return before;
    }
    boolean changed = db.transaction(sql -> terminals.setStaffed(sql, id, staffed, ChangeCounter.next(sql)));
    if (changed) {
      log.info("Terminal {} marked {}; its ledger will be loaded anew", id, staffed ? "staffed" : "unstaffed");
    }
    return get(id);
  }

  /** Revokes a terminal: its next call is refused. */
  public Terminal revoke(String id) {
    db.transaction(sql -> terminals.revoke(sql, id, clock.instant()));
    verified.forget(id);
    log.info("Terminal {} revoked", id);
    return get(id);
  }

  /** Invalidates the terminal's token at once and gives a new one-time code to enroll it again. */
  public Registration rotate(String id) {
    String code = tokens.code();
    Instant expires = clock.instant().plus(CODE_LIFETIME);
    boolean rotated = db.transaction(sql ->
        terminals.rotate(sql, id, Tokens.hash(Tokens.normaliseCode(code)), expires));
    verified.forget(id);
    if (!rotated) {
      throw ApiException.conflict("terminal " + id + " is revoked");
    }
    log.info("Terminal {} credential rotated", id);
    return new Registration(get(id), code, expires);
  }
}
