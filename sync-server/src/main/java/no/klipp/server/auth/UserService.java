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
    Check.that(r.password() != null && r.password().length() >= 10 && r.password().length() <= 200,
        "password must be 10..200 characters");
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

  public List<Person> ofScheme(long schemeId) {
    return db.read(sql -> users.ofScheme(sql, schemeId));
  }
}
