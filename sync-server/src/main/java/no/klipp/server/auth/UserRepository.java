package no.klipp.server.auth;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import no.klipp.server.db.Row;
import no.klipp.server.db.Sql;

/** The people who sign in, and their sessions. */
public final class UserRepository {

  /** A stored user with their password hash. */
  public record StoredUser(Person person, String passwordHash) {}

  private static final String COLUMNS = "id, username, password_hash, role, scheme_id, venue_id";

  /** Inserts a user; answers their id. */
  public long insert(Sql sql, String username, String passwordHash, Role role, long schemeId, String venueId,
      Instant now) throws SQLException {
    return sql.one("INSERT INTO app_user (username, password_hash, role, scheme_id, venue_id, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        r -> r.longValue("id"), username, passwordHash, role, schemeId, venueId, now).orElseThrow();
  }

  /** A user who may sign in (not disabled) by name. */
  public Optional<StoredUser> byUsername(Sql sql, String username) throws SQLException {
    return sql.one("SELECT " + COLUMNS + " FROM app_user WHERE username = ? AND disabled_at IS NULL",
        UserRepository::stored, username);
  }

  /** The users of a scheme, by name, disabled ones too. */
  public List<SchemeUser> ofScheme(Sql sql, long schemeId) throws SQLException {
    return sql.list("SELECT " + COLUMNS + ", disabled_at FROM app_user WHERE scheme_id = ? ORDER BY username",
        UserRepository::schemeUser, schemeId);
  }

  /** A user of {@code schemeId}, disabled or not. */
  public Optional<SchemeUser> find(Sql sql, long schemeId, long userId) throws SQLException {
    return sql.one("SELECT " + COLUMNS + ", disabled_at FROM app_user WHERE scheme_id = ? AND id = ?",
        UserRepository::schemeUser, schemeId, userId);
  }

  /** Disables the user at {@code at}, or enables them again with null. */
  public void setDisabled(Sql sql, long userId, Instant at) throws SQLException {
    sql.update("UPDATE app_user SET disabled_at = ? WHERE id = ?", at, userId);
  }

  public void setPasswordHash(Sql sql, long userId, String passwordHash) throws SQLException {
    sql.update("UPDATE app_user SET password_hash = ? WHERE id = ?", passwordHash, userId);
  }

  /** Ends every session of the user. */
  public int deleteSessionsOf(Sql sql, long userId) throws SQLException {
    return sql.update("DELETE FROM session WHERE user_id = ?", userId);
  }

  public void insertSession(Sql sql, String tokenHash, long userId, Instant now, Instant expires)
      throws SQLException {
    sql.update("INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        tokenHash, userId, now, expires);
  }

  /** The person of an unexpired session. */
  public Optional<Person> bySession(Sql sql, String tokenHash, Instant now) throws SQLException {
    return sql.one("SELECT u.id, u.username, u.password_hash, u.role, u.scheme_id, u.venue_id"
            + " FROM session s JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?"
            + " AND u.disabled_at IS NULL",
        UserRepository::person, tokenHash, now);
  }

  public void deleteSession(Sql sql, String tokenHash) throws SQLException {
    sql.update("DELETE FROM session WHERE token_hash = ?", tokenHash);
  }

  /** Removes sessions that expired before {@code now}. */
  public int deleteExpiredSessions(Sql sql, Instant now) throws SQLException {
    return sql.update("DELETE FROM session WHERE expires_at <= ?", now);
  }

  private static SchemeUser schemeUser(Row r) throws SQLException {
    return new SchemeUser(r.longValue("id"), r.string("username"), Role.valueOf(r.string("role")),
        r.longValue("scheme_id"), r.string("venue_id"), r.instant("disabled_at") != null);
  }

  private static StoredUser stored(Row r) throws SQLException {
    return new StoredUser(person(r), r.string("password_hash"));
  }

  private static Person person(Row r) throws SQLException {
    return new Person(r.longValue("id"), r.string("username"), Role.valueOf(r.string("role")),
        r.longValue("scheme_id"), r.string("venue_id"));
  }
}
