package no.klipp.server.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import no.klipp.protocol.sync.OpeningHours;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.server.Server;
import no.klipp.server.auth.Role;
import no.klipp.server.auth.UserService;
import no.klipp.server.card.CardRequest;
import no.klipp.server.card.IssuedCard;
import no.klipp.server.offer.OfferDefinition;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeRequest;
import no.klipp.server.venue.Category;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueRequest;

/**
 * The demo's data: one scheme shared by two municipalities, six venues with the kind of offers the
 * schemes describe, 200 cards (a few revoked), an administrator, two registered terminals (a
 * staffed desk and an unattended entrance), and
 * nine months of earlier visits ({@link DemoHistory}).
 */
public final class DemoData {

  /** The demo administrator's password; printed by the demo, for demo data only. */
  public static final String ADMIN_PASSWORD = "demo-passord";

  /**
   * A registered terminal with its one-time enrollment code; {@code staffed}: a desk whose screen
   * shows staff the holder's first name (the demo runs it with the staff screen), else an entrance.
   */
  public record DemoTerminal(String name, String venueId, String venueName, boolean staffed, String code) {}

  /** A card: number, QR credential, and whether it was revoked. */
  public record DemoCard(String number, String credential, boolean revoked) {}

  /** Everything the demo's simulated terminals and scans need. */
  public record Manifest(long schemeId, String schemeName, String adminUser, String adminPassword,
      List<DemoTerminal> terminals, List<DemoCard> cards) {}

  private static final String[] NAMES = {"Emma", "Noah", "Nora", "Jakob", "Olivia", "Emil", "Ella", "Lucas", "Sofie",
      "Oskar", "Leah", "Filip", "Ingrid", "Aksel", "Maja", "Isak", "Sara", "Henrik", "Amina", "Yusuf", "Hana", "Ali",
      "Zofia", "Mykola", "Sigrid", "Tobias", "Aurora", "Magnus", "Frida", "Elias"};

  private DemoData() {}

  /** Seeds {@code server}; the cards are valid from the history's first day, nine months before {@code today}. */
  public static Manifest seed(Server server, LocalDate today, RandomGenerator random) {
    Scheme scheme = server.schemes.create(new SchemeRequest("Opplevelseskortet Røros og Holtålen",
        List.of("Røros", "Holtålen"), "Europe/Oslo", 5, 18, 12, 1, true));
    long id = scheme.id();
    server.users.create(id, new UserService.UserRequest("admin", ADMIN_PASSWORD, Role.ADMIN, null));

    Venue cinema = venue(server, id, "Røros Kino", Category.CINEMA);
    offer(server, cinema, "Kinobillett", 5, QuotaPeriod.CALENDAR_YEAR, 1, List.of(), 12_000, 100, false);
    offer(server, cinema, "Popcorn", 5, QuotaPeriod.CALENDAR_YEAR, 0, List.of(), 4_500, 50, false);
    Venue pool = venue(server, id, "Røroshallen svømmehall", Category.POOL);
    offer(server, pool, "Svømming", 10, QuotaPeriod.CALENDAR_YEAR, 1, List.of(), 8_000, 50, false);
    Venue playLand = venue(server, id, "Holtålen lekeland", Category.PLAY_LAND);
    offer(server, playLand, "Dagspass", 1, QuotaPeriod.WEEK, 1, List.of(), 15_000, 100, false);
    Venue bowling = venue(server, id, "Røros Bowling", Category.BOWLING);
    offer(server, bowling, "Én runde bowling med skoleie", 4, QuotaPeriod.CALENDAR_YEAR, 1, List.of(), 11_000, 0, false);
    Venue museum = venue(server, id, "Rørosmuseet", Category.MUSEUM);
    List<OpeningHours> daytime = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      daytime.add(new OpeningHours(d, LocalTime.of(10, 0), LocalTime.of(16, 0)));
    }
    offer(server, museum, "Inngang og omvisning", null, QuotaPeriod.CALENDAR_YEAR, 2, daytime, 9_000, 100, false);
    Venue club = venue(server, id, "Holtålen IL fotball", Category.CLUB);
    OfferDefinition membership = offer(server, club, "Medlemskap", 1, QuotaPeriod.CALENDAR_YEAR, 0, List.of(),
        60_000, 100, true);

    List<CardRequest> requests = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int age = 6 + random.nextInt(11);
      requests.add(new CardRequest(NAMES[random.nextInt(NAMES.length)], today.getYear() - age,
          DemoHistory.start(today), random.nextInt(4) == 0));
    }
    List<IssuedCard> issued = server.cards.issueBatch(id, requests);
    List<DemoCard> cards = new ArrayList<>();
    for (int i = 0; i < issued.size(); i++) {
      String number = issued.get(i).card().cardNumber();
      boolean revoked = i % 50 == 49; // four cards reported lost
      if (revoked) {
        server.cards.revoke(number);
      }
      cards.add(new DemoCard(number, issued.get(i).credential(), revoked));
    }
    server.offers.setCards(membership.id(), id, cards.subList(0, 30).stream().map(DemoCard::number).toList());
    DemoHistory.upload(server, List.of(cinema, pool, playLand, bowling, museum), cards.stream()
        .filter(c -> !c.revoked()).map(DemoCard::number).toList(), today, scheme.zone(), random);

    // The cinema's ticket desk is staffed and gets the holders' first names; the pool's entrance is
    // unattended and gets none.
    List<DemoTerminal> terminals = List.of(
        terminal(server, cinema, "Kino billettluke", true),
        terminal(server, pool, "Svømmehall inngang", false));
    return new Manifest(id, scheme.name(), "admin", ADMIN_PASSWORD, terminals, cards);
  }

  private static Venue venue(Server server, long schemeId, String name, Category category) {
    return server.venues.create(schemeId, new VenueRequest(name, category));
  }

  private static OfferDefinition offer(Server server, Venue venue, String name, Integer quota, QuotaPeriod period,
      int companions, List<OpeningHours> hours, long priceOre, int refund, boolean targeted) {
    return server.offers.create(venue.id(), new OfferRequest(name, quota, period, companions, null, null, hours, null,
        priceOre, refund, targeted));
  }

  private static DemoTerminal terminal(Server server, Venue venue, String name, boolean staffed) {
    return new DemoTerminal(name, venue.id(), venue.name(), staffed,
        server.terminals.register(venue.id(), name, staffed).enrollmentCode());
  }
}
