package no.klipp.server.auth;

import io.javalin.http.Context;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.venue.Venue;
import no.klipp.server.web.ApiException;

/**
 * Who is calling, and the tenant checks every handler makes: people act only within their own
 * scheme, venue users only for their own venue, terminals only for their own venue.
 */
public final class Access {

  static final String PERSON = "klipp.person";
  static final String TERMINAL = "klipp.terminal";

  private Access() {}

  /** The signed-in person (routes for people only). */
  public static Person person(Context ctx) {
    Person p = ctx.attribute(PERSON);
    if (p == null) {
      throw ApiException.unauthorized("sign in first");
    }
    return p;
  }

  /** The calling terminal (terminal routes only). */
  public static TerminalIdentity terminal(Context ctx) {
    TerminalIdentity t = ctx.attribute(TERMINAL);
    if (t == null) {
      throw ApiException.unauthorized("terminal token required");
    }
    return t;
  }

  /** The person, if they belong to {@code schemeId} and are not a venue user; else 403. */
  public static Person scheme(Context ctx, long schemeId) {
    Person p = person(ctx);
    if (p.schemeId() != schemeId || p.role() == Role.VENUE) {
      throw ApiException.forbidden("not your scheme");
    }
    return p;
  }

  /** The person, if they may see {@code venue}: its scheme's staff, or that venue's own users. */
  public static Person venue(Context ctx, Venue venue) {
    Person p = person(ctx);
    boolean ok = p.role() == Role.VENUE ? venue.id().equals(p.venueId()) : p.schemeId() == venue.schemeId();
    if (!ok) {
      throw ApiException.forbidden("not your venue");
    }
    return p;
  }

  static void setPerson(Context ctx, Person p) {
    ctx.attribute(PERSON, p);
  }

  static void setTerminal(Context ctx, TerminalIdentity t) {
    ctx.attribute(TERMINAL, t);
  }
}
