package no.klipp.server.terminal;

import io.javalin.http.Context;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.server.auth.Access;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueService;
import no.klipp.server.web.Body;

/** Registering, listing, revoking and rotating terminals; and a terminal's own enrollment. */
public final class TerminalController {

  /** A terminal's name when registering it. */
  public record NewTerminal(String name) {}

  private final TerminalService terminals;
  private final VenueService venues;
  private final Body body;

  public TerminalController(TerminalService terminals, VenueService venues, Body body) {
    this.terminals = terminals;
    this.venues = venues;
    this.body = body;
  }

  public void list(Context ctx) {
    Venue venue = venues.get(ctx.pathParam("venueId"));
    Access.venue(ctx, venue);
    ctx.json(terminals.ofVenue(venue.id()));
  }

  public void register(Context ctx) {
    Venue venue = venues.get(ctx.pathParam("venueId"));
    Access.scheme(ctx, venue.schemeId());
    ctx.json(terminals.register(venue.id(), body.read(ctx, NewTerminal.class).name()));
  }

  public void get(Context ctx) {
    ctx.json(owned(ctx));
  }

  public void revoke(Context ctx) {
    ctx.json(terminals.revoke(ownedBySchemeStaff(ctx).id()));
  }

  public void rotate(Context ctx) {
    ctx.json(terminals.rotate(ownedBySchemeStaff(ctx).id()));
  }

  public void enroll(Context ctx) {
    ctx.json(terminals.enroll(body.read(ctx, EnrollRequest.class)));
  }

  private Terminal owned(Context ctx) {
    Terminal t = terminals.get(ctx.pathParam("terminalId"));
    Access.venue(ctx, venues.get(t.venueId()));
    return t;
  }

  private Terminal ownedBySchemeStaff(Context ctx) {
    Terminal t = terminals.get(ctx.pathParam("terminalId"));
    Access.scheme(ctx, venues.get(t.venueId()).schemeId());
    return t;
  }
}
