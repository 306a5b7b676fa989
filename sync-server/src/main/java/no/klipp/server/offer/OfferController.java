package no.klipp.server.offer;

import io.javalin.http.Context;
import java.util.List;
import no.klipp.server.auth.Access;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueService;
import no.klipp.server.web.Body;

/** A venue's offers and the cards chosen for targeted ones. */
public final class OfferController {

  /** The cards chosen for a targeted offer. */
  public record CardList(List<String> cardNumbers) {}

  private final OfferService offers;
  private final VenueService venues;
  private final Body body;

  public OfferController(OfferService offers, VenueService venues, Body body) {
    this.offers = offers;
    this.venues = venues;
    this.body = body;
  }

  public void list(Context ctx) {
    Venue venue = venues.get(ctx.pathParam("venueId"));
    Access.venue(ctx, venue);
    ctx.json(offers.ofVenue(venue.id()));
  }

  public void create(Context ctx) {
    Venue venue = venues.get(ctx.pathParam("venueId"));
    Access.scheme(ctx, venue.schemeId());
    ctx.json(offers.create(venue.id(), body.read(ctx, OfferRequest.class)));
  }

  public void get(Context ctx) {
    OfferDefinition offer = offers.get(ctx.pathParam("offerId"));
    Access.venue(ctx, venues.get(offer.venueId()));
    ctx.json(offer);
  }

  public void update(Context ctx) {
    schemeVenueOf(ctx);
    ctx.json(offers.update(ctx.pathParam("offerId"), body.read(ctx, OfferRequest.class)));
  }

  public void withdraw(Context ctx) {
    schemeVenueOf(ctx);
    ctx.json(offers.withdraw(ctx.pathParam("offerId")));
  }

  public void cards(Context ctx) {
    schemeVenueOf(ctx);
    ctx.json(new CardList(offers.cards(ctx.pathParam("offerId"))));
  }

  public void setCards(Context ctx) {
    Venue venue = schemeVenueOf(ctx);
    CardList list = body.read(ctx, CardList.class);
    ctx.json(new CardList(offers.setCards(ctx.pathParam("offerId"), venue.schemeId(), list.cardNumbers())));
  }

  /** The offer's venue, if the caller works for the venue's scheme. */
  private Venue schemeVenueOf(Context ctx) {
    Venue venue = venues.get(offers.get(ctx.pathParam("offerId")).venueId());
    Access.scheme(ctx, venue.schemeId());
    return venue;
  }
}
