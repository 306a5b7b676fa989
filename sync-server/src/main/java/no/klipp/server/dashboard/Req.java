package no.klipp.server.dashboard;

import io.javalin.http.Context;
import no.klipp.server.auth.Person;

/**
 * One page request: the Javalin context, the signed-in person (null on public pages), words, and
 * the session's CSRF token masked afresh for this response (see {@link Csrf}).
 */
record Req(Context ctx, Person person, Messages m, String csrf) {

  /** A form's hidden CSRF field. */
  String csrfField() {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.esc(csrf) + "\">";
  }

  /** A form parameter, stripped; null when missing or blank. */
  String form(String name) {
    String v = ctx.formParam(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** A query parameter, stripped; null when missing or blank. */
  String query(String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
