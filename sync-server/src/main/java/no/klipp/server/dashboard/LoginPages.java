package no.klipp.server.dashboard;

import java.time.Duration;
import no.klipp.server.auth.Role;
import no.klipp.server.auth.Sessions;
import no.klipp.server.auth.Tokens;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.TrustedProxies;

/** Signing in and out of the dashboard, and the start page of each role. */
final class LoginPages {

  private final Sessions sessions;
  private final Tokens tokens;
  private final Duration lifetime;
  private final TrustedProxies proxies;

  LoginPages(Sessions sessions, Tokens tokens, Duration lifetime, TrustedProxies proxies) {
    this.sessions = sessions;
    this.tokens = tokens;
    this.lifetime = lifetime;
    this.proxies = proxies;
  }

  void form(Req req) {
    show(req, null, 200);
  }

  private void show(Req req, String error, int status) {
    // Login CSRF: the form carries the same random value as a cookie only this site can set.
    String token = tokens.token();
    Gate.setCookie(req.ctx(), Gate.LOGIN_COOKIE, token, 3600);
    Messages m = req.m();
    Html h = new Html();
    if (error != null) {
      h.el("p", "class=\"error\" role=\"alert\"", error);
    }
    h.raw("<form method=\"post\" class=\"box\" action=\"").raw(Dashboard.ROOT).raw("/login\">")
        .raw("<input type=\"hidden\" name=\"csrf\" value=\"").text(token).raw("\">")
        .input(m.t("login.username"), "username", "text", "", "autocomplete=\"username\" required id=\"username\"")
        .input(m.t("login.password"), "password", "password", "",
            "autocomplete=\"current-password\" required id=\"password\"")
        .raw(" <button type=\"submit\" id=\"signin\">").text(m.t("login.submit")).raw("</button></form>");
    req.ctx().status(status).html(Layout.page(req, m.t("login.title"), h.toString()));
  }

  void submit(Req req) {
    if (!Gate.same(req.form("csrf"), req.ctx().cookie(Gate.LOGIN_COOKIE))) {
      show(req, req.m().t("error.csrf"), 403);
      return;
    }
    String username = req.form("username");
    String password = req.ctx().formParam("password");
    if (username == null || password == null || username.length() > 100 || password.length() > 200) {
      show(req, req.m().t("login.failed"), 400);
      return;
    }
    try {
      Sessions.Login login = sessions.login(username, password, proxies.client(req.ctx()));
      Gate.setCookie(req.ctx(), Gate.SESSION_COOKIE, login.token(), lifetime.toSeconds());
      Gate.setCookie(req.ctx(), Gate.LOGIN_COOKIE, "", 0);
      req.ctx().redirect(Dashboard.ROOT);
    } catch (ApiException e) {
      if (e.retryAfterSeconds() > 0) {
        req.ctx().header("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
      show(req, req.m().t(e.status() == 429 ? "login.throttled" : "login.failed"), e.status());
    }
  }

  void logout(Req req) {
    sessions.logout(req.ctx().cookie(Gate.SESSION_COOKIE));
    Gate.setCookie(req.ctx(), Gate.SESSION_COOKIE, "", 0);
    req.ctx().redirect(Dashboard.ROOT + "/login");
  }

  /** Where each role starts. */
  void home(Req req) {
    Role role = req.person().role();
    req.ctx().redirect(Dashboard.ROOT + switch (role) {
      case ADMIN -> "/stats";
      case CASEWORKER -> "/cards";
      case VENUE -> "/venues/" + req.person().venueId();
    });
  }

  void css(Req req) {
    req.ctx().header("Cache-Control", "max-age=3600");
    req.ctx().contentType("text/css; charset=utf-8").result(Layout.CSS);
  }
}
