package no.klipp.server.dashboard;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import no.klipp.server.auth.Person;
import no.klipp.server.auth.Role;
import no.klipp.server.auth.Sessions;
import no.klipp.server.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs around every dashboard page: picks the language, finds the session from its cookie
 * (HttpOnly, SameSite=Strict), checks the role, checks the CSRF token of every POST, sets
 * headers that keep pages out of caches and frames, and turns refusals into HTML pages.
 */
final class Gate {

  private static final Logger log = LoggerFactory.getLogger(Gate.class);
  static final String SESSION_COOKIE = "klipp_session";
  static final String LOGIN_COOKIE = "klipp_login";
  static final String LANG_COOKIE = "klipp_lang";

  private final Sessions sessions;
  private final Csrf csrf;

  Gate(Sessions sessions, Csrf csrf) {
    this.sessions = sessions;
    this.csrf = csrf;
  }

  void run(Context ctx, Set<Role> roles, PageHandler page) throws Exception {
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self';"
        + " form-action 'self'; frame-ancestors 'none'");
    Messages m = Messages.of(language(ctx));
    if (ctx.method() == HandlerType.POST && !isForm(ctx.contentType())) {
      // The pages' forms are all URL-encoded; anything else (a multipart body, say) is refused
      // before any form field is read, so Jetty never parses a body no page sends.
      error(ctx, new Req(ctx, null, m, ""), 415, m.t("error.form"));
      return;
    }
    Person person = null;
    String masked = "";
    if (!roles.isEmpty()) {
      String token = ctx.cookie(SESSION_COOKIE);
      Optional<Person> found = sessions.authenticate(token);
      if (found.isEmpty()) {
        if (ctx.method() == HandlerType.GET) {
          ctx.redirect(Dashboard.ROOT + "/login");
        } else {
          error(ctx, new Req(ctx, null, m, ""), 401, m.t("error.signIn"));
        }
        return;
      }
      person = found.get();
      masked = csrf.masked(token);
      Req req = new Req(ctx, person, m, masked);
      if (!roles.contains(person.role())) {
        error(ctx, req, 403, m.t("error.forbidden"));
        return;
      }
      if (ctx.method() == HandlerType.POST && !Csrf.accepts(ctx.formParam("csrf"), token)) {
        log.info("Dashboard form without a valid CSRF token refused");
        error(ctx, req, 403, m.t("error.csrf"));
        return;
      }
    }
    Req req = new Req(ctx, person, m, masked);
    try {
      page.handle(req);
    } catch (ApiException e) {
      error(ctx, req, e.status(), e.status() == 403 ? m.t("error.forbidden") : e.getMessage());
    } catch (RuntimeException e) {
      // Only a date java.time cannot hold becomes a 400 (see ApiException.dateOutOfRange); the rest stays a 500.
      ApiException refused = ApiException.dateOutOfRange(e).orElseThrow(() -> e);
      log.warn("Date out of range on dashboard {} {}", ctx.method(), ctx.matchedPath(), e);
      error(ctx, req, refused.status(), refused.getMessage());
    }
  }

  private static boolean isForm(String contentType) {
    return contentType != null
        && contentType.strip().toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  static boolean same(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** The language asked for by {@code ?lang=}, remembered in a cookie, else the cookie's, else bokmål. */
  private static String language(Context ctx) {
    String asked = ctx.queryParam("lang");
    if (asked != null && Messages.LANGUAGES.contains(asked)) {
      ctx.res().addHeader("Set-Cookie", LANG_COOKIE + "=" + asked + "; Path=/; Max-Age=31536000; SameSite=Strict");
      return asked;
    }
    String cookie = ctx.cookie(LANG_COOKIE);
    return cookie != null && Messages.LANGUAGES.contains(cookie) ? cookie : Messages.LANGUAGES.getFirst();
  }

  static void error(Context ctx, Req req, int status, String message) {
    ctx.status(status).html(Layout.page(req, req.m().t("error.title"),
        new Html().el("p", "class=\"error\" role=\"alert\"", message).raw("<p>")
            .link(Dashboard.ROOT, req.m().t("error.back")).raw("</p>").toString()));
  }

  /** A cookie only this site's pages send back, never readable by scripts; over HTTPS only when served over it. */
  static void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
    // The server listens on plain HTTP behind the reverse proxy that terminates TLS (Caddy, nginx),
    // which says so in X-Forwarded-Proto. Trusting the header is safe here: a client that forges it
    // only marks its own cookie Secure.
    boolean https = "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(String.valueOf(ctx.header("X-Forwarded-Proto")).strip());
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + Dashboard.ROOT + "; Max-Age=" + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
  }
}
