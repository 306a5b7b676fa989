package no.klipp.server.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import no.klipp.server.scheme.SchemeService;
import no.klipp.server.stats.Csv;
import no.klipp.server.stats.Figure;
import no.klipp.server.stats.Period;
import no.klipp.server.stats.StatsService;
import no.klipp.server.stats.Table;
import no.klipp.server.web.ApiException;

/** The statistics page of a scheme and year, and each of its tables as CSV. */
final class StatsPages {

  private final StatsService stats;
  private final SchemeService schemes;
  private final Clock clock;

  StatsPages(StatsService stats, SchemeService schemes, Clock clock) {
    this.stats = stats;
    this.schemes = schemes;
    this.clock = clock;
  }

  /** The scheme's day: months settle by the days visits are counted on, not by the server's (UTC) date. */
  private LocalDate today(Req req) {
    return schemes.get(req.person().schemeId()).today(clock);
  }

  void page(Req req) {
    Messages m = req.m();
    LocalDate today = today(req);
    Period p = Period.parseYear(req.query("year"), today);
    StatsService.Statistics s = stats.of(req.person().schemeId(), p);
    char d = m.decimal();
    String range = "year=" + p.to().getYear();
    Html h = new Html();
    h.raw("<form method=\"get\" class=\"box\">")
        .input(m.t("stats.year"), "year", "number", Integer.toString(p.to().getYear()), "id=\"year\" min=\""
            + Period.FIRST_YEAR + "\" max=\"" + Period.lastPublished(today).getYear() + "\"")
        .raw(" <button type=\"submit\" id=\"show\">").text(m.t("stats.show")).raw("</button></form>");
    h.raw("<div class=\"cards\">");
    card(h, "stat-visits", s.visits().text(d), m.t("stats.visits"));
    card(h, "stat-holders", s.holders().text(d), m.t("stats.holders"));
    card(h, "stat-share", s.share().text(d), m.t("stats.share"));
    card(h, "stat-issued", s.issued().text(d), m.t("stats.issued"));
    card(h, "stat-companions", s.companions().text(d), m.t("stats.companions"));
    card(h, "stat-conflicts", s.conflicts().text(d), m.t("stats.conflicts"));
    card(h, "stat-unverified", s.unverified().text(d), m.t("stats.unverified"));
    h.raw("</div>").el("p", "class=\"muted\"", m.t("stats.privacy"));

    List<Charts.Bar> months = new ArrayList<>();
    for (Table.Line l : s.months().lines()) {
      months.add(new Charts.Bar(l.label().substring(2), l.figures().getFirst()));
    }
    h.el("h2", m.t("stats.perMonth")).raw(Charts.columns(m.t("stats.perMonth"), months, d));
    List<Charts.Bar> categories = new ArrayList<>();
    for (Table.Line l : s.categories().lines()) {
      categories.add(new Charts.Bar(m.t(l.label()), l.figures().getFirst()));
    }
    h.el("h2", m.t("stats.perCategory")).raw(Charts.rows(m.t("stats.perCategory"), categories, d));

    for (Table t : s.tables()) {
      h.el("h2", m.t("table." + t.id()));
      table(h, t, m, "table-" + t.id());
      h.raw("<p>").link(Dashboard.ROOT + "/stats/csv/" + t.id() + "?" + range, m.t("stats.csv")).raw("</p>");
    }
    req.ctx().html(Layout.page(req, m.f("stats.title", p.fromKey(), p.toKey()), h.toString()));
  }

  private static void card(Html h, String id, String value, String label) {
    h.raw("<div class=\"card\">").el("div", "class=\"v\" id=\"" + id + "\"", value).el("div", "class=\"l\"", label)
        .raw("</div>");
  }

  static void table(Html h, Table t, Messages m, String id) {
    h.raw("<table id=\"" + id + "\"><thead><tr><th></th>");
    for (String c : t.columns()) {
      h.el("th", "class=\"n\"", m.t(c));
    }
    h.raw("</tr></thead><tbody>");
    for (Table.Line l : t.lines()) {
      line(h, l, m, "");
    }
    line(h, t.total(), m, " class=\"total\"");
    h.raw("</tbody></table>");
  }

  private static void line(Html h, Table.Line l, Messages m, String cls) {
    h.raw("<tr" + cls + "><td>").text(l.translated() ? m.t(l.label()) : l.label()).raw("</td>");
    for (Figure f : l.figures()) {
      h.el("td", "class=\"n\"", f.text(m.decimal()));
    }
    h.raw("</tr>");
  }

  void csv(Req req) {
    Messages m = req.m();
    Period p = Period.parseYear(req.query("year"), today(req));
    String id = req.ctx().pathParam("table");
    Table t = stats.of(req.person().schemeId(), p).table(id)
        .orElseThrow(() -> ApiException.notFound("table " + id));
    Csv csv = new Csv();
    List<String> head = new ArrayList<>(List.of(m.t("table." + t.id())));
    t.columns().forEach(c -> head.add(m.t(c)));
    csv.row(head);
    List<Table.Line> all = new ArrayList<>(t.lines());
    all.add(t.total());
    for (Table.Line l : all) {
      List<String> row = new ArrayList<>(List.of(l.translated() ? m.t(l.label()) : l.label()));
      l.figures().forEach(f -> row.add(f.text('.')));
      csv.row(row);
    }
    Dashboard.download(req, "klipp-" + t.id() + "-" + p.fromKey() + "-" + p.toKey() + ".csv", "text/csv; charset=utf-8",
        csv.bytes());
  }
}
