package no.klipp.server.dashboard;

import no.klipp.server.auth.Role;

/** The frame of every page: language, navigation for the person's role, sign-out. */
final class Layout {

  private Layout() {}

  static String page(Req req, String title, String body) {
    Messages m = req.m();
    Html h = new Html();
    h.raw("<!doctype html><html lang=\"").raw(m.language()).raw("\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .el("title", title + " · Klipp")
        .raw("<link rel=\"stylesheet\" href=\"").raw(Dashboard.ROOT).raw("/style.css\"></head><body><header>")
        .raw("<span class=\"brand\">Klipp</span>");
    if (req.person() != null) {
      h.raw("<nav>");
      Role role = req.person().role();
      if (role != Role.VENUE) {
        h.link(Dashboard.ROOT + "/stats", m.t("nav.stats"));
        h.link(Dashboard.ROOT + "/cards", m.t("nav.cards"));
      }
      if (role == Role.ADMIN) {
        h.link(Dashboard.ROOT + "/refunds", m.t("nav.refunds"));
        h.link(Dashboard.ROOT + "/venues", m.t("nav.venues"));
        h.link(Dashboard.ROOT + "/terminals", m.t("nav.terminals"));
        h.link(Dashboard.ROOT + "/audit", m.t("nav.audit"));
      }
      if (role == Role.VENUE) {
        h.link(Dashboard.ROOT + "/venues/" + req.person().venueId(), m.t("nav.myVenue"));
        h.link(Dashboard.ROOT + "/refunds", m.t("nav.refunds"));
      }
      h.raw("</nav><form method=\"post\" action=\"").raw(Dashboard.ROOT).raw("/logout\" class=\"signout\">")
          .raw(req.csrfField()).el("span", "class=\"who\"", req.person().username() + " · " + m.t("role." + role))
          .raw(" <button type=\"submit\" id=\"signout-button\">").text(m.t("nav.signOut")).raw("</button></form>");
    }
    h.raw("<span class=\"lang\">");
    for (String l : Messages.LANGUAGES) {
      h.raw(" ").link("?lang=" + l, l.equals("nb") ? "Norsk" : "English");
    }
    h.raw("</span></header><main>").el("h1", title).raw(body).raw("</main></body></html>");
    return h.toString();
  }

  /** A message box (after an action), escaped. */
  static String notice(String text) {
    return new Html().el("p", "class=\"notice\" role=\"status\"", text).toString();
  }

  static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
      header{display:flex;gap:1.5rem;align-items:center;background:#1f4e79;color:#fff;padding:.6rem 1.2rem;flex-wrap:wrap}
      header a{color:#fff;text-decoration:none;margin-right:1rem}header a:hover{text-decoration:underline}
      .brand{font-weight:700;font-size:1.2rem}.signout{margin-left:auto;display:flex;gap:.5rem;align-items:center}
      .lang a{margin-right:.4rem;font-size:.9rem}
      main{padding:1rem 1.5rem;max-width:1200px}
      h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
      table{border-collapse:collapse;background:#fff;margin:.5rem 0;min-width:24rem}
      th,td{border-bottom:1px solid #dde1e7;padding:.35rem .7rem;text-align:left}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      tr.total td{font-weight:700;border-top:2px solid #1d2433}
      tr.silent td{background:#fde8e8}.badge{background:#b42318;color:#fff;border-radius:.3rem;padding:0 .4rem;font-size:.85rem}
      form.inline{display:inline}form.box{background:#fff;padding:1rem;border:1px solid #dde1e7;margin:.5rem 0;max-width:52rem}
      form.box label{display:inline-block;margin:.3rem 1rem .3rem 0}
      input,select,textarea,button{font:inherit;padding:.25rem .4rem}
      button{background:#1f4e79;color:#fff;border:0;border-radius:.25rem;padding:.35rem .9rem;cursor:pointer}
      .signout button{background:#fff;color:#1f4e79}
      .cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#fff;border:1px solid #dde1e7;padding:.8rem 1rem;min-width:9rem}
      .card .v{font-size:1.6rem;font-weight:700}.card .l{font-size:.9rem;color:#4a5568}
      .notice{background:#e6f4ea;border:1px solid #9ad0a8;padding:.5rem .8rem}
      .error{background:#fde8e8;border:1px solid #f5a3a3;padding:.5rem .8rem}
      .muted{color:#4a5568;font-size:.9rem}.code{font-family:ui-monospace,monospace;font-size:1.6rem;letter-spacing:.1rem}
      svg text{font-size:11px;fill:#1d2433}
      """;
}
