package no.klipp.server.auth;

import io.javalin.http.Context;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Body;
import no.klipp.server.web.Check;
import no.klipp.server.web.Params;
import no.klipp.server.web.TrustedProxies;

/** Sign-in, sign-out, who am I, and the scheme's users. */
public final class AuthController {

  /** A sign-in. */
  public record LoginRequest(String username, String password) {
    @Override
    public String toString() {
      return "LoginRequest[" + username + "]";
    }
  }

  private final Sessions sessions;
  private final UserService users;
  private final Body body;
  private final TrustedProxies proxies;

  public AuthController(Sessions sessions, UserService users, Body body, TrustedProxies proxies) {
    this.sessions = sessions;
    this.users = users;
    this.body = body;
    this.proxies = proxies;
  }

  public void login(Context ctx) {
    LoginRequest r = body.read(ctx, LoginRequest.class);
    if (r.username() == null || r.password() == null || r.username().length() > 100 || r.password().length() > 200) {
      throw ApiException.invalid("username and password are required");
    }
    ctx.json(sessions.login(r.username(), r.password(), proxies.client(ctx)));
  }

  public void logout(Context ctx) {
    sessions.logout(Gatekeeper.bearer(ctx));
  }

  public void me(Context ctx) {
    ctx.json(Access.person(ctx));
  }

  public void listUsers(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    ctx.json(users.ofScheme(schemeId));
  }

  /** Whether a user is disabled; strictly a JSON boolean. */
  public record Disabling(com.fasterxml.jackson.databind.JsonNode disabled) {}

  /** A user's new password. */
  public record NewPassword(String password) {
    @Override
    public String toString() {
      return "NewPassword[...]";
    }
  }

  public void setDisabled(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    long userId = Params.id(ctx, "userId");
    var disabled = body.read(ctx, Disabling.class).disabled();
    Check.that(disabled != null && !disabled.isNull(), "disabled is required");
    ctx.json(users.setDisabled(schemeId, userId, Check.flag(disabled, "disabled", false), Access.person(ctx)));
  }

  public void setPassword(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    long userId = Params.id(ctx, "userId");
    users.setPassword(schemeId, userId, body.read(ctx, NewPassword.class).password(), Access.person(ctx));
    ctx.status(204);
  }

  public void createUser(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    ctx.json(users.create(schemeId, body.read(ctx, UserService.UserRequest.class)));
  }
}
