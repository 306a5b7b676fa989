package no.klipp.server.auth;

import java.time.Clock;
import java.util.List;
import no.klipp.server.db.DataAccessException;
import no.klipp.server.db.Database;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueRepository;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Check;

/** Adding the people of a scheme; a venue user belongs to one venue of that scheme. */
public final class UserService {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UserService.class);

  /** A new user as an administrator (or the create-admin command) sends it. */
  public record UserRequest(String username, String password, Role role, String venueId) {
    @Override
    public String toString() {
      return "UserRequest[" + username + ", " + role + "]";
    }
  }

  private final Database db;
  private final UserRepository users;
  private final VenueRepository venues;
  private final PasswordHasher hasher;
  private final Clock clock;

  public UserService(Database db, UserRepository users, VenueRepository venues, PasswordHasher hasher, Clock clock) {
    this.db = db;
    this.users = users;
    this.venues = venues;
    this.hasher = hasher;
    this.clock = clock;
  }

  /** Creates a user of {@code schemeId}. */
  public Person create(long schemeId, UserRequest r) {
    String username = Check.text(r.username(), "username", 100);
    checkPassword(r.password());
    Role role = Check.present(r.role(), "role");
    String venueId = null;
    if (role == Role.VENUE) {
      venueId = Check.text(r.venueId(), "venueId", 100);
      String v = venueId;
      Venue venue = db.read(sql -> venues.find(sql, v)).orElseThrow(() -> ApiException.invalid("no venue " + v));
      Check.that(venue.schemeId() == schemeId, "venue " + v + " is not of this scheme");
    } else {
      Check.that(r.venueId() == null, "only VENUE users have a venueId");
    }
    String hash = hasher.hash(r.password());
    String v = venueId;
    try {
      long id = db.transaction(sql -> users.insert(sql, username, hash, role, schemeId, v, clock.instant()));
      return new Person(id, username, role, schemeId, v);
    } catch (DataAccessException e) {
      if (e.isUniqueViolation()) {
        throw ApiException.conflict("user name '" + username + "' is taken");
      }
      throw e;
    }
  }

  public List<SchemeUser> ofScheme(long schemeId) {
    return db.read(sql -> users.ofScheme(sql, schemeId));
  }

  /**
   * Disables a user of {@code schemeId} (they cannot sign in, and every session of theirs ends at
   * once), or enables them again; {@code by} cannot disable themselves, so a scheme always keeps
   * the administrator who acts.
   */
  public SchemeUser setDisabled(long schemeId, long userId, boolean disabled, Person by) {
    if (disabled && by.userId() == userId) {
      throw ApiException.conflict("you cannot disable your own account");
    }
    return db.transaction(sql -> {
      SchemeUser user = users.find(sql, schemeId, userId).orElseThrow(() -> ApiException.notFound("user " + userId));
      if (user.disabled() == disabled) {
        return user;
      }
      users.setDisabled(sql, userId, disabled ? clock.instant() : null);
      if (disabled) {
        users.deleteSessionsOf(sql, userId);
      }
      log.info("User {} {} by user {}", userId, disabled ? "disabled" : "enabled again", by.userId());
      return users.find(sql, schemeId, userId).orElseThrow();
    });
  }

  /** Sets a new password for a user of {@code schemeId} (a forgotten or leaked one); their sessions end. */
  public void setPassword(long schemeId, long userId, String password, Person by) {
    checkPassword(password);
    String hash = hasher.hash(password);
    db.transaction(sql -> {
      users.find(sql, schemeId, userId).orElseThrow(() -> ApiException.notFound("user " + userId));
      users.setPasswordHash(sql, userId, hash);
      users.deleteSessionsOf(sql, userId);
      return null;
    });
    log.info("Password of user {} set by user {}", userId, by.userId());
  }

  private static void checkPassword(String password) {
    Check.that(password != null && password.length() >= 10 && password.length() <= 200,
        "password must be 10..200 characters");
  }
}
