package no.klipp.server.terminal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.server.db.Row;
import no.klipp.server.db.Sql;

/** Terminals in {@code terminal}: credentials as hashes only, and the status each last reported. */
public final class TerminalRepository {

  /** A terminal found by its token hash, whatever its state. */
  public record TokenOwner(TerminalIdentity identity, TerminalState state) {}

  private static final String COLUMNS = "id, venue_id, name, staffed, state, created_at, enrolled_at, revoked_at,"
      + " last_contact_at, software_version, visits_waiting, clock_offset_ms, sequence_complete, visits_lost";

  public void insert(Sql sql, String id, String venueId, String name, boolean staffed, String codeHash,
      Instant expires, Instant now) throws SQLException {
    sql.update("INSERT INTO terminal (id, venue_id, name, staffed, state, enrollment_code_hash,"
            + " enrollment_expires_at, created_at, sequence_complete) VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, 0)",
        id, venueId, name, staffed, codeHash, expires, now);
  }

  public Optional<Terminal> find(Sql sql, String id) throws SQLException {
    return sql.one("SELECT " + COLUMNS + " FROM terminal WHERE id = ?", TerminalRepository::map, id);
  }

  /** Every terminal of a scheme's venues, by venue then name (one query for the fleet page). */
  public List<Terminal> ofScheme(Sql sql, long schemeId) throws SQLException {
    return sql.list("SELECT " + COLUMNS + " FROM terminal WHERE venue_id IN (SELECT id FROM venue WHERE scheme_id = ?)"
        + " ORDER BY venue_id, name, id", TerminalRepository::map, schemeId);
  }

  public List<Terminal> ofVenue(Sql sql, String venueId) throws SQLException {
    return sql.list("SELECT " + COLUMNS + " FROM terminal WHERE venue_id = ? ORDER BY name, id",
        TerminalRepository::map, venueId);
  }

  /** The pending terminal whose unexpired enrollment code has this hash. */
  public Optional<String> byEnrollmentCode(Sql sql, String codeHash, Instant now) throws SQLException {
    return sql.one("SELECT id FROM terminal WHERE enrollment_code_hash = ? AND state = 'PENDING'"
        + " AND enrollment_expires_at > ?", r -> r.string("id"), codeHash, now);
  }

  /**
   * Uses up the code and stores the token hash (and {@code retryHash}, null when the terminal sent
   * no installation id); false if another call used the code first.
   */
  public boolean enroll(Sql sql, String id, String codeHash, String tokenHash, String retryHash, String softwareVersion,
      Instant now) throws SQLException {
    return sql.update("UPDATE terminal SET state = 'ACTIVE', enrollment_code_hash = NULL,"
            + " enrollment_expires_at = NULL, token_hash = ?, enrollment_retry_hash = ?, enrolled_at = ?,"
            + " last_contact_at = ?, software_version = ? WHERE id = ? AND enrollment_code_hash = ? AND state = 'PENDING'",
        tokenHash, retryHash, now, now, softwareVersion, id, codeHash) == 1;
  }

  /**
   * Gives the active terminal first enrolled with {@code retryHash} at or after {@code since} a new
   * token (its enrollment answer was lost); its id, or empty when there is no such terminal.
   */
  public Optional<String> reenroll(Sql sql, String retryHash, Instant since, String tokenHash) throws SQLException {
    Optional<String> id = sql.one("SELECT id FROM terminal WHERE enrollment_retry_hash = ? AND state = 'ACTIVE'"
        + " AND enrolled_at >= ?", r -> r.string("id"), retryHash, since);
    if (id.isPresent()) {
      sql.update("UPDATE terminal SET token_hash = ? WHERE id = ?", tokenHash, id.get());
    }
    return id;
  }

  public Optional<TokenOwner> byToken(Sql sql, String tokenHash) throws SQLException {
    return sql.one("SELECT t.id, t.venue_id, t.state, v.scheme_id FROM terminal t"
            + " JOIN venue v ON v.id = t.venue_id WHERE t.token_hash = ?",
        r -> new TokenOwner(new TerminalIdentity(r.string("id"), r.string("venue_id"), r.longValue("scheme_id"),
            tokenHash), TerminalState.valueOf(r.string("state"))), tokenHash);
  }

  /**
   * A condition on {@code terminal}, with two parameters ({@link #holdsTokenArgs}): the terminal is
   * active and its token is still the one it called with. A statement a terminal's call runs anyway
   * carries it, so a revocation or rotation through any server instance refuses the very next call.
   */
  public static final String HOLDS_TOKEN = "id = ? AND state = 'ACTIVE' AND token_hash = ?";

  /** The parameters of {@link #HOLDS_TOKEN}. */
  public static Object[] holdsTokenArgs(TerminalIdentity who) {
    return new Object[] {who.terminalId(), who.tokenHash()};
  }

  /**
   * The form of a terminal's ledger: whether it carries first names ({@code staffed}), and the change
   * number from which a ledger made in this form is valid ({@code resetChange}: a cursor older than it
   * was made in the other form).
   */
  public record LedgerForm(boolean staffed, long resetChange) {}

  /** {@code who}'s ledger form, read with the check that it holds its token; empty when it does not. */
  public Optional<LedgerForm> ledgerForm(Sql sql, TerminalIdentity who) throws SQLException {
    return sql.one("SELECT staffed, ledger_reset_change FROM terminal WHERE " + HOLDS_TOKEN,
        r -> new LedgerForm(r.bool("staffed"), r.longValue("ledger_reset_change")), holdsTokenArgs(who));
  }

  /**
   * Marks a terminal staffed or not, from ledger change {@code change} on; false when it is revoked or
   * already so (nothing is written then).
   */
  public boolean setStaffed(Sql sql, String id, boolean staffed, long change) throws SQLException {
    return sql.update("UPDATE terminal SET staffed = ?, ledger_reset_change = ? WHERE id = ? AND state <> 'REVOKED'"
        + " AND staffed <> ?", staffed, change, id, staffed) == 1;
  }

  /** Revokes for good; the token hash stays so the terminal learns it was revoked. */
  public boolean revoke(Sql sql, String id, Instant now) throws SQLException {
    return sql.update("UPDATE terminal SET state = 'REVOKED', enrollment_code_hash = NULL, revoked_at = ?"
        + " WHERE id = ? AND state <> 'REVOKED'", now, id) == 1;
  }

  /** Drops the current token and sets a new enrollment code. */
  public boolean rotate(Sql sql, String id, String codeHash, Instant expires) throws SQLException {
    return sql.update("UPDATE terminal SET state = 'PENDING', token_hash = NULL, enrollment_code_hash = ?,"
        + " enrollment_expires_at = ? WHERE id = ? AND state <> 'REVOKED'", codeHash, expires, id) == 1;
  }

  /**
   * What recording a call answers: the terminal's {@code sequence_complete}, its idle reports
   * answered with a gap in a row ({@code gaps_told}), and the ledger's change number read in the
   * same statement (so the caller needs no extra round trip for it).
   */
  public record Contact(long sequenceComplete, int gapsTold, long change) {}

  private static final String CONTACT_RETURNING =
      " RETURNING sequence_complete, gaps_told, (SELECT value FROM change_counter WHERE id = 1) AS change";

  /**
   * Records a call and what the terminal reported with it (locking its row until commit); empty
   * when the terminal no longer holds its token ({@link #HOLDS_TOKEN}), and nothing is recorded.
   */
  public Optional<Contact> recordContact(Sql sql, TerminalIdentity who, TerminalReport report, Instant now)
      throws SQLException {
    if (report == null) {
      return sql.one("UPDATE terminal SET last_contact_at = ? WHERE " + HOLDS_TOKEN + CONTACT_RETURNING,
          TerminalRepository::contact, Sql.args(new Object[] {now}, holdsTokenArgs(who)));
    }
    String version = TerminalService.softwareVersion(report.softwareVersion());
    return sql.one("UPDATE terminal SET last_contact_at = ?, software_version = COALESCE(?, software_version),"
            + " visits_waiting = ?, clock_offset_ms = ? WHERE " + HOLDS_TOKEN + CONTACT_RETURNING,
        TerminalRepository::contact, Sql.args(
            new Object[] {now, version, Math.max(0, report.visitsWaiting()), report.clockOffsetMillis()},
            holdsTokenArgs(who)));
  }

  private static Contact contact(Row r) throws SQLException {
    return new Contact(r.longValue("sequence_complete"), r.intValue("gaps_told"), r.longValue("change"));
  }

  /** Sets the terminal's count of idle reports answered with a gap in a row. */
  /** Counts {@code n} more of the terminal's visits as lost. */
  public void addLost(Sql sql, String id, long n) throws SQLException {
    sql.update("UPDATE terminal SET visits_lost = visits_lost + ? WHERE id = ?", n, id);
  }

  public void setGapsTold(Sql sql, String id, int told) throws SQLException {
    sql.update("UPDATE terminal SET gaps_told = ? WHERE id = ?", told, id);
  }

  public void updateSequenceComplete(Sql sql, String id, long complete) throws SQLException {
    sql.update("UPDATE terminal SET sequence_complete = ? WHERE id = ?", complete, id);
  }

  /**
   * Raises {@code sequence_complete} to {@code complete}, which the caller knows has fully arrived;
   * answers whether the terminal sent numbers above it too (stored or refused), in which case the
   * mark may belong higher still. One round trip for the usual in-order batch.
   */
  public boolean advanceSequenceComplete(Sql sql, String id, long complete) throws SQLException {
    return sql.one("UPDATE terminal SET sequence_complete = ? WHERE id = ? RETURNING CASE WHEN"
            + " EXISTS (SELECT 1 FROM visit WHERE terminal_id = ? AND sequence > ?)"
            + " OR EXISTS (SELECT 1 FROM refused_visit WHERE terminal_id = ? AND sequence > ?) THEN 1 ELSE 0 END"
            + " AS beyond",
        r -> r.intValue("beyond") == 1, complete, id, id, complete, id, complete).orElseThrow();
  }

  /**
   * The highest sequence number the terminal is known to have used: stored, refused, or (deleted
   * since by retention) at or below its {@code sequence_complete}; 0 for a terminal never heard from.
   */
  public long highestSequence(Sql sql, String id) throws SQLException {
    return sql.one("SELECT max(s) AS s FROM (SELECT sequence_complete AS s FROM terminal WHERE id = ?"
            + " UNION ALL SELECT max(sequence) AS s FROM visit WHERE terminal_id = ?"
            + " UNION ALL SELECT max(sequence) AS s FROM refused_visit WHERE terminal_id = ?) AS m",
        r -> r.longValue("s"), id, id, id).orElse(0L);
  }

  private static Terminal map(Row r) throws SQLException {
    return new Terminal(r.string("id"), r.string("venue_id"), r.string("name"), r.bool("staffed"), TerminalState.valueOf(r.string("state")),
        r.instant("created_at"), r.instant("enrolled_at"), r.instant("revoked_at"), r.instant("last_contact_at"),
        r.string("software_version"), r.integer("visits_waiting"), r.longOrNull("clock_offset_ms"),
        r.longValue("sequence_complete"), r.longValue("visits_lost"));
  }
}
