package no.klipp.server.card;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import no.klipp.protocol.card.CardNumber;
import no.klipp.server.auth.Access;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeService;
import no.klipp.server.web.ApiException;
import no.klipp.server.web.Body;
import no.klipp.server.web.Check;
import no.klipp.server.web.Params;

/** Issuing and managing a scheme's cards, and printing them. */
public final class CardController {

  /** Several cards to issue at once. */
  public record Batch(List<CardRequest> cards) {}

  /**
   * A renewal from a date (null: right after the current period), with the holder's first name
   * when it is to be set (null: kept), e.g. again after the retention erased it.
   */
  public record Renewal(LocalDate validFrom, String firstName) {}

  /** A corrected first name. */
  public record Name(String firstName) {}

  /** Paid or free. */
  public record Payment(Boolean paid) {}

  /** Cards to print on a sheet. */
  public record Selection(List<String> cardNumbers) {}

  private final CardService cards;
  private final SchemeService schemes;
  private final CardPrinter printer;
  private final Body body;

  public CardController(CardService cards, SchemeService schemes, CardPrinter printer, Body body) {
    this.cards = cards;
    this.schemes = schemes;
    this.printer = printer;
    this.body = body;
  }

  public void list(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    ctx.json(cards.ofScheme(schemeId, Params.intQuery(ctx, "offset", 0), Params.intQuery(ctx, "limit", 100)));
  }

  public void issue(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    ctx.json(cards.issue(schemeId, body.read(ctx, CardRequest.class)));
  }

  public void issueBatch(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    ctx.json(cards.issueBatch(schemeId, body.read(ctx, Batch.class).cards()));
  }

  public void printSheet(Context ctx) {
    long schemeId = Params.id(ctx, "schemeId");
    Access.scheme(ctx, schemeId);
    List<String> numbers = Check.size(body.read(ctx, Selection.class).cardNumbers(), CardService.MAX_BATCH,
        "cardNumbers");
    Check.that(!numbers.isEmpty(), "cardNumbers is empty");
    Scheme scheme = schemes.get(schemeId);
    List<CardFace> faces = new ArrayList<>();
    for (String n : numbers) {
      String number = number(n);
      Check.that(cards.get(number).schemeId() == schemeId, "card " + n + " is not of this scheme");
      IssuedCard issued = cards.printable(number);
      faces.add(CardFace.of(issued, scheme.name()));
    }
    ctx.contentType("application/pdf").result(printer.sheet(faces));
  }

  public void get(Context ctx) {
    ctx.json(owned(ctx));
  }

  public void renew(Context ctx) {
    Card card = owned(ctx).card();
    Renewal r = ctx.bodyAsBytes().length == 0 ? new Renewal(null, null) : body.read(ctx, Renewal.class);
    ctx.json(cards.renew(card.cardNumber(), r.validFrom(), r.firstName()));
  }

  public void rename(Context ctx) {
    Card card = owned(ctx).card();
    ctx.json(cards.rename(card.cardNumber(), body.read(ctx, Name.class).firstName()));
  }

  public void revoke(Context ctx) {
    ctx.json(cards.revoke(owned(ctx).card().cardNumber()));
  }

  public void replace(Context ctx) {
    ctx.json(cards.replace(owned(ctx).card().cardNumber()));
  }

  public void paid(Context ctx) {
    Card card = owned(ctx).card();
    Boolean paid = Check.present(body.read(ctx, Payment.class).paid(), "paid");
    ctx.json(cards.markPaid(card.cardNumber(), paid));
  }

  public void png(Context ctx) {
    IssuedCard issued = cards.printable(owned(ctx).card().cardNumber());
    ctx.contentType("image/png").result(printer.png(face(issued)));
  }

  public void pdf(Context ctx) {
    IssuedCard issued = cards.printable(owned(ctx).card().cardNumber());
    ctx.contentType("application/pdf").result(printer.pdf(face(issued)));
  }

  private CardFace face(IssuedCard issued) {
    return CardFace.of(issued, schemes.get(issued.card().schemeId()).name());
  }

  /** The card of the path, if it is of the caller's scheme. */
  private IssuedCard owned(Context ctx) {
    IssuedCard issued = cards.withCredential(number(ctx.pathParam("cardNumber")));
    Access.scheme(ctx, issued.card().schemeId());
    return issued;
  }

  private static String number(String typed) {
    return CardNumber.parse(typed).map(CardNumber::digits)
        .orElseThrow(() -> ApiException.invalid("not a card number: " + typed));
  }
}
