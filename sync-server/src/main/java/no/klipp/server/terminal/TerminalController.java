package no.klipp.server.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.server.auth.Access;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueService;
import no.klipp.server.web.Body;
import no.klipp.server.web.Check;

/** Registering, listing, revoking and rotating terminals; and a terminal's own enrollment. */
public final class TerminalController {

  /**
   * A terminal's name when registering it, and whether it is a staffed desk: absent or null is
   * false. Read as a node so that only a JSON boolean counts: Jackson would take 1 or "true" for
   * true, and a careless client must not send children's names to a terminal by accident.
   */
  public record NewTerminal(String name, JsonNode staffed) {}

  /** Whether a terminal is a staffed desk, for a terminal registered already; strictly a JSON boolean. */
  public record Staffing(JsonNode staffed) {}

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
    NewTerminal t = body.read(ctx, NewTerminal.class);
    ctx.json(terminals.register(venue.id(), t.name(), Check.flag(t.staffed(), "staffed", false)));
  }

  public void get(Context ctx) {
    ctx.json(owned(ctx));
  }

  public void staffed(Context ctx) {
    Terminal t = ownedBySchemeStaff(ctx);
    JsonNode staffed = body.read(ctx, Staffing.class).staffed();
    Check.that(staffed != null && !staffed.isNull(), "staffed is required");
    ctx.json(terminals.setStaffed(t.id(), Check.flag(staffed, "staffed", false)));
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
