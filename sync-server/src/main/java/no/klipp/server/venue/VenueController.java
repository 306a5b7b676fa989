package no.klipp.server.venue;

import io.javalin.http.Context;
import no.klipp.server.auth.Access;
import no.klipp.server.web.Body;
import no.klipp.server.web.Params;

/** A scheme's venues. */
public final class VenueController {

  private final VenueService venues;
  private final Body body;

  public VenueController(VenueService venues, Body body) {
    this.venues = venues;
    this.body = body;
  }

  public void list(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    ctx.json(venues.ofScheme(schemeId));
  }

  public void create(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    ctx.json(venues.create(schemeId, body.read(ctx, VenueRequest.class)));
  }

  public void get(Context ctx) {
    Venue venue = venues.get(ctx.pathParam("venueId"));
    Access.venue(ctx, venue);
    ctx.json(venue);
  }

  public void update(Context ctx) {
    Venue venue = venues.get(ctx.pathParam("venueId"));
    Access.scheme(ctx, venue.schemeId());
    ctx.json(venues.update(venue.id(), body.read(ctx, VenueRequest.class)));
  }
}
