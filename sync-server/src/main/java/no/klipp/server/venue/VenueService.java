package no.klipp.server.venue;

import java.time.Clock;
import java.util.List;
import no.klipp.server.auth.Tokens;
import no.klipp.server.db.Database;
import no.klipp.server.web.ApiException;

/** Adding, changing and listing a scheme's venues. */
public final class VenueService {

  private final Database db;
  private final VenueRepository venues;
  private final Tokens tokens;
  private final Clock clock;

  public VenueService(Database db, VenueRepository venues, Tokens tokens, Clock clock) {
    this.db = db;
    this.venues = venues;
    this.tokens = tokens;
    this.clock = clock;
  }

  public Venue create(long schemeId, VenueRequest request) {
    VenueRequest r = request.validated();
    Venue venue = new Venue(tokens.id("ven"), schemeId, r.name(), r.category());
    db.transaction(sql -> {
      venues.insert(sql, venue, clock.instant());
      return null;
    });
    return venue;
  }

  public Venue get(String id) {
    return db.read(sql -> venues.find(sql, id)).orElseThrow(() -> ApiException.notFound("venue " + id));
  }

  public Venue update(String id, VenueRequest request) {
    VenueRequest r = request.validated();
    db.transaction(sql -> venues.update(sql, id, r));
    return get(id);
  }

  public List<Venue> ofScheme(long schemeId) {
    return db.read(sql -> venues.ofScheme(sql, schemeId));
  }
}
