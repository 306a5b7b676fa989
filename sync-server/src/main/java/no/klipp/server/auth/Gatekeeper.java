package no.klipp.server.auth;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Set;
import no.klipp.server.terminal.TerminalService;
import no.klipp.server.web.ApiException;

/**
 * Runs before every matched route: checks the bearer token the route's roles ask for and puts the
 * caller on the context. A route without roles is closed, so a forgotten role fails safe.
 */
public final class Gatekeeper {

  private final Sessions sessions;
  private final TerminalService terminals;

  public Gatekeeper(Sessions sessions, TerminalService terminals) {
    this.sessions = sessions;
    this.terminals = terminals;
  }

  /** The check; install with {@code beforeMatched}. */
  public void check(Context ctx) {
    Set<RouteRole> roles = ctx.routeRoles();
    if (roles.contains(Caller.PUBLIC)) {
      return;
    }
    String token = bearer(ctx);
    if (roles.contains(Caller.TERMINAL)) {
      Access.setTerminal(ctx, terminals.authenticate(token));
      return;
    }
    if (roles.isEmpty()) {
      throw ApiException.forbidden("closed route");
    }
    Person person = sessions.authenticate(token)
        .orElseThrow(() -> ApiException.unauthorized("sign in first (session missing or expired)"));
    if (!roles.contains(person.role())) {
      throw ApiException.forbidden("your role " + person.role() + " may not do this");
    }
    Access.setPerson(ctx, person);
  }

  /** The token of an {@code Authorization: Bearer} header, or null. */
  public static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }
}
