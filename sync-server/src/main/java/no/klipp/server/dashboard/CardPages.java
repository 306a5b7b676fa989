package no.klipp.server.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.server.auth.Role;
import no.klipp.server.card.Card;
import no.klipp.server.card.CardFace;
import no.klipp.server.card.CardPrinter;
import no.klipp.server.card.CardRequest;
import no.klipp.server.card.CardService;
import no.klipp.server.card.IssuedCard;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeService;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Dates;

/** Finding, issuing (one or a batch), printing, renewing, revoking and replacing cards. */
final class CardPages {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final CardService cards;
  private final SchemeService schemes;
  private final CardPrinter printer;
  private final CardLookups lookups;
  private final Clock clock;

  CardPages(CardService cards, SchemeService schemes, CardPrinter printer, CardLookups lookups, Clock clock) {
    this.cards = cards;
    this.schemes = schemes;
    this.printer = printer;
    this.lookups = lookups;
    this.clock = clock;
  }

  void page(Req req) {
    Messages m = req.m();
    String find = req.query("number");
    if (find != null) {
      req.ctx().redirect(Dashboard.ROOT + "/cards/" + number(find));
      return;
    }
    Html h = new Html();
    h.el("h2", m.t("cards.find")).raw("<form method=\"get\" class=\"box\">")
        .input(m.t("cards.number"), "number", "text", "", "id=\"find-number\" inputmode=\"numeric\" required")
        .raw(" <button type=\"submit\" id=\"find\">").text(m.t("cards.findButton")).raw("</button></form>");
    h.el("h2", m.t("cards.issueOne")).raw("<form method=\"post\" class=\"box\" action=\"" + Dashboard.ROOT + "/cards\">")
        .raw(req.csrfField())
        .input(m.t("cards.firstName"), "firstName", "text", "", "id=\"firstName\" required maxlength=\"50\"")
        .input(m.t("cards.birthYear"), "birthYear", "number", "", "id=\"birthYear\" required")
        .input(m.t("cards.validFrom"), "validFrom", "date", today(req).toString(), "id=\"validFrom\"")
        .input(m.t("cards.paid"), "paid", "checkbox", "yes", "")
        .raw(" <button type=\"submit\" id=\"issue\">").text(m.t("cards.issueButton")).raw("</button></form>");
    h.el("h2", m.t("cards.issueBatch"))
        .raw("<form method=\"post\" class=\"box\" action=\"" + Dashboard.ROOT + "/cards/batch\">").raw(req.csrfField())
        .el("p", "class=\"muted\"", m.t("cards.batchHelp"))
        .raw("<textarea name=\"lines\" rows=\"6\" cols=\"40\" id=\"batch\"></textarea><br>")
        .raw("<button type=\"submit\" id=\"issue-batch\">").text(m.t("cards.issueButton")).raw("</button></form>");
    h.el("h2", m.t("cards.latest"));
    List<Card> latest = cards.ofScheme(req.person().schemeId(), 0, 50);
    cardTable(h, latest, m);
    req.ctx().html(Layout.page(req, m.t("cards.title"), h.toString()));
  }

  private static void cardTable(Html h, List<Card> list, Messages m) {
    h.raw("<table id=\"cards\"><thead><tr>").el("th", m.t("cards.number")).el("th", m.t("cards.firstName"))
        .el("th", m.t("cards.validity")).el("th", m.t("cards.status")).raw("</tr></thead><tbody>");
    for (Card c : list) {
      h.raw("<tr><td>").link(Dashboard.ROOT + "/cards/" + c.cardNumber(), new CardNumber(c.cardNumber()).formatted())
          .raw("</td>").el("td", nameOf(m, c)).el("td", c.validFrom() + " – " + c.validUntil())
          .el("td", m.t("status." + c.status())).raw("</tr>");
    }
    h.raw("</tbody></table>");
  }

  void issue(Req req) {
    Integer year = year(req.form("birthYear"));
    LocalDate from = req.form("validFrom") == null ? null
        : Dates.parse(req.form("validFrom"), "validFrom", today(req));
    IssuedCard issued = cards.issue(req.person().schemeId(),
        new CardRequest(req.form("firstName"), year, from, req.form("paid") != null));
    req.ctx().redirect(Dashboard.ROOT + "/cards/" + issued.card().cardNumber() + "?done=issued");
  }

  void issueBatch(Req req) {
    Messages m = req.m();
    String text = req.ctx().formParam("lines");
    List<CardRequest> requests = new ArrayList<>();
    for (String line : (text == null ? "" : text).split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("[,;\\t]");
      if (parts.length < 2) {
        throw ApiException.invalid(m.f("cards.batchLine", line.strip()));
      }
      requests.add(new CardRequest(parts[0].strip(), year(parts[1].strip()), null, false));
    }
    List<IssuedCard> issued = cards.issueBatch(req.person().schemeId(), requests);
    List<Card> list = issued.stream().map(IssuedCard::card).toList();
    String numbers = String.join(",", list.stream().map(Card::cardNumber).toList());
    Html h = new Html();
    h.raw(Layout.notice(m.f("cards.batchDone", list.size())));
    cardTable(h, list, m);
    // A form, not a link: in a link's URL a large batch's numbers are too long for Jetty (414 from
    // about 700 cards), and proxies would write every card number to their access logs.
    h.raw("<form method=\"post\" action=\"" + Dashboard.ROOT + "/cards/sheet.pdf\">").raw(req.csrfField())
        .raw("<input type=\"hidden\" name=\"numbers\" value=\"" + Html.esc(numbers) + "\">")
        .raw("<button type=\"submit\" id=\"print-sheet\">").text(m.t("cards.printSheet")).raw("</button></form>");
    req.ctx().html(Layout.page(req, m.t("cards.title"), h.toString()));
  }

  void show(Req req) {
    Messages m = req.m();
    Card c = owned(req);
    String base = Dashboard.ROOT + "/cards/" + c.cardNumber();
    Html h = new Html();
    String done = req.query("done");
    if (done != null && List.of("issued", "renewed", "revoked", "replaced", "renamed").contains(done)) {
      h.raw(Layout.notice(m.t("cards.done." + done)));
    }
    h.raw("<table id=\"card\">");
    row(h, m.t("cards.number"), new CardNumber(c.cardNumber()).formatted());
    row(h, m.t("cards.firstName"), nameOf(m, c));
    row(h, m.t("cards.birthYear"), "" + c.birthYear());
    row(h, m.t("cards.validity"), c.validFrom() + " – " + c.validUntil());
    row(h, m.t("cards.status"), m.t("status." + c.status()));
    row(h, m.t("cards.serial"), "" + c.credentialSerial());
    h.raw("</table><p>").link(base + "/card.png", m.t("cards.png")).raw(" · ").link(base + "/card.pdf", m.t("cards.pdf"))
        .raw("</p>");
    if (c.status() == CardStatus.ACTIVE) {
      h.raw("<p>");
      if (c.firstName() == null) {
        // The retention erased the name of an expired card: a renewal brings the child back, and
        // the staffed desks greet them by name again only if it is typed in here.
        h.raw("<form method=\"post\" class=\"inline\" action=\"" + Html.esc(base + "/renew") + "\">")
            .raw(req.csrfField())
            .input(m.t("cards.firstName"), "firstName", "text", "", "id=\"renew-firstName\" required maxlength=\""
                + CardRequest.MAX_FIRST_NAME + "\"")
            .raw(" <button type=\"submit\" id=\"renew\">").text(m.t("cards.renew")).raw("</button></form> ");
      } else {
        action(h, req, base + "/renew", m.t("cards.renew"), "renew");
      }
      action(h, req, base + "/replace", m.t("cards.replace"), "replace");
      action(h, req, base + "/revoke", m.t("cards.revoke"), "revoke");
      h.raw("</p>");
      if (c.firstName() != null) {
        h.raw("<form method=\"post\" class=\"box\" action=\"" + Html.esc(base + "/first-name") + "\">")
            .raw(req.csrfField())
            .input(m.t("cards.firstName"), "firstName", "text", c.firstName(), "id=\"rename-firstName\" required"
                + " maxlength=\"" + CardRequest.MAX_FIRST_NAME + "\"")
            .raw(" <button type=\"submit\" id=\"rename\">").text(m.t("cards.rename")).raw("</button></form>");
      }
    }
    if (req.person().role() == Role.CASEWORKER) {
      h.el("h2", m.t("lookup.title")).el("p", "class=\"muted\"", m.t("lookup.help"))
          .raw("<form method=\"post\" class=\"box\" action=\"" + base + "/uses\">").raw(req.csrfField())
          .input(m.t("lookup.reason"), "reason", "text", "", "id=\"reason\" required minlength=\"5\" maxlength=\"500\""
              + " size=\"50\"")
          .raw(" <button type=\"submit\" id=\"lookup\">").text(m.t("lookup.button")).raw("</button></form>");
    }
    req.ctx().html(Layout.page(req, m.t("cards.card") + " " + new CardNumber(c.cardNumber()).formatted(),
        h.toString()));
  }

  /** The holder's first name, or a note that the retention erased it. */
  private static String nameOf(Messages m, Card c) {
    return c.firstName() == null ? m.t("cards.nameErased") : c.firstName();
  }

  private static void row(Html h, String label, String value) {
    h.raw("<tr>").el("th", label).el("td", value).raw("</tr>");
  }

  private static void action(Html h, Req req, String path, String label, String id) {
    h.raw("<form method=\"post\" class=\"inline\" action=\"" + Html.esc(path) + "\">").raw(req.csrfField())
        .raw("<button type=\"submit\" id=\"" + id + "\">").text(label).raw("</button></form> ");
  }

  void renew(Req req) {
    Card c = owned(req);
    // A name only from the form of a card whose name was erased; otherwise it is kept.
    cards.renew(c.cardNumber(), null, req.form("firstName"));
    req.ctx().redirect(Dashboard.ROOT + "/cards/" + c.cardNumber() + "?done=renewed");
  }

  void rename(Req req) {
    Card c = owned(req);
    cards.rename(c.cardNumber(), req.form("firstName"));
    req.ctx().redirect(Dashboard.ROOT + "/cards/" + c.cardNumber() + "?done=renamed");
  }

  void revoke(Req req) {
    Card c = owned(req);
    cards.revoke(c.cardNumber());
    req.ctx().redirect(Dashboard.ROOT + "/cards/" + c.cardNumber() + "?done=revoked");
  }

  void replace(Req req) {
    Card c = owned(req);
    cards.replace(c.cardNumber());
    req.ctx().redirect(Dashboard.ROOT + "/cards/" + c.cardNumber() + "?done=replaced");
  }

  void png(Req req) {
    IssuedCard issued = cards.printable(owned(req).cardNumber());
    Dashboard.download(req, "card-" + issued.card().cardNumber() + ".png", "image/png", printer.png(face(issued)));
  }

  void pdf(Req req) {
    IssuedCard issued = cards.printable(owned(req).cardNumber());
    Dashboard.download(req, "card-" + issued.card().cardNumber() + ".pdf", "application/pdf",
        printer.pdf(face(issued)));
  }

  void sheet(Req req) {
    String numbers = req.form("numbers");
    if (numbers == null) {
      throw ApiException.invalid("numbers is required");
    }
    List<String> typed = List.of(numbers.split(","));
    if (typed.size() > CardService.MAX_BATCH) {
      throw ApiException.invalid("at most " + CardService.MAX_BATCH + " cards on one sheet");
    }
    List<CardFace> faces = new ArrayList<>();
    for (String n : typed) {
      IssuedCard issued = cards.printable(number(n));
      if (issued.card().schemeId() != req.person().schemeId()) {
        throw ApiException.forbidden("not your scheme");
      }
      faces.add(face(issued));
    }
    if (faces.isEmpty()) {
      throw ApiException.invalid("numbers names no card");
    }
    Dashboard.download(req, "cards.pdf", "application/pdf", printer.sheet(faces));
  }

  void uses(Req req) {
    Messages m = req.m();
    Card c = owned(req);
    List<CardLookups.Use> uses = lookups.lookUp(req.person(), c.cardNumber(), req.form("reason"));
    ZoneId zone = schemes.get(c.schemeId()).zone();
    Html h = new Html();
    h.el("p", "class=\"muted\"", m.t("lookup.logged"));
    h.raw("<table id=\"uses\"><thead><tr>").el("th", m.t("lookup.when")).el("th", m.t("refund.venue"))
        .el("th", m.t("refund.offer")).el("th", "class=\"n\"", m.t("col.companions")).raw("</tr></thead><tbody>");
    for (CardLookups.Use u : uses) {
      h.raw("<tr>").el("td", TIME.format(u.at().atZone(zone))).el("td", u.venue()).el("td", u.offer())
          .el("td", "class=\"n\"", "" + u.companions()).raw("</tr>");
    }
    h.raw("</tbody></table><p>").link(Dashboard.ROOT + "/cards/" + c.cardNumber(), m.t("error.back")).raw("</p>");
    req.ctx().html(Layout.page(req, m.t("lookup.title") + " " + new CardNumber(c.cardNumber()).formatted(),
        h.toString()));
  }

  /** The scheme's day, as CardService dates a card by: the server's (UTC) is a day behind after midnight in Oslo. */
  private LocalDate today(Req req) {
    return schemes.get(req.person().schemeId()).today(clock);
  }

  private CardFace face(IssuedCard issued) {
    Scheme s = schemes.get(issued.card().schemeId());
    return CardFace.of(issued, s.name());
  }

  private Card owned(Req req) {
    Card c = cards.get(number(req.ctx().pathParam("number")));
    if (c.schemeId() != req.person().schemeId()) {
      throw ApiException.forbidden("not your scheme");
    }
    return c;
  }

  private static String number(String typed) {
    return CardNumber.parse(typed).map(CardNumber::digits)
        .orElseThrow(() -> ApiException.invalid("not a card number: " + typed));
  }

  private static Integer year(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("birth year is not a number: " + s);
    }
  }
}
