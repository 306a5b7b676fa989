package no.klipp.server.refund;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.TerminalReport;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.card.CardRequest;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.support.OnBothDatabases;
import no.klipp.server.terminal.TerminalIdentity;
import no.klipp.server.venue.Category;
import no.klipp.server.venue.VenueRequest;
import no.klipp.server.visit.Upload;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every visit is refunded by the offer's terms (price, refund share, companion rule) in force on
 * its day, so changing an offer never changes a statement of days before the change.
 */
class OfferTermsRefundTest extends OnBothDatabases {

  /** 100 kr. */
  private static final long PRICE = 10_000;

  Scheme scheme;
  String venueId;
  String offerId;
  TerminalIdentity terminal;
  String card;
  long sequence;
  final List<Visit> visits = new ArrayList<>();

  @BeforeEach
  void setUp() {
    scheme = ts.scheme("Vilkårsby");
    venueId = ts.server.venues.create(scheme.id(), new VenueRequest("Kinoen", Category.CINEMA)).id();
    offerId = ts.server.offers.create(venueId, offer("Billett", null, PRICE, 100, 1)).id();
    String code = ts.server.terminals.register(venueId, "Kasse", false).enrollmentCode();
    terminal = ts.server.terminals.authenticate(ts.server.terminals.enroll(new EnrollRequest(code, "t1")).token());
    card = ts.server.cards.issueBatch(scheme.id(), List.of(new CardRequest("Ada", 2014, LocalDate.of(2025, 6, 1),
        false))).getFirst().card().cardNumber();
  }

  @Test
  void priceChangedInMarchLeavesJanuaryUnchanged() {
    admit(LocalDate.of(2026, 1, 10), 1);
    admit(LocalDate.of(2026, 1, 20), 0);
    upload();
    Refunds before = statement("2026-01-01", "2026-01-31");
    assertEquals(List.of("Billett 2026-01-01..2026-01-31 10000 100% 2+1 = 30000"), describe(before));

    changeAt("2026-03-15T23:30:00Z", offer("Billett", null, 15_000, 100, 1));

    assertEquals(before, statement("2026-01-01", "2026-01-31"));
  }

  @Test
  void statementAcrossAPriceChangeHasALinePerPrice() {
    // 23:30 UTC is 00:30 the next day in Oslo: the new price holds from the scheme's 16 March.
    changeAt("2026-03-15T23:30:00Z", offer("Billett", null, 15_000, 100, 1));
    admit(LocalDate.of(2026, 1, 10), 1);
    admit(LocalDate.of(2026, 3, 15), 0);
    admit(LocalDate.of(2026, 3, 16), 1);
    admit(LocalDate.of(2026, 4, 30), 0);
    upload();

    // Whole months on both sides of the change and partial March days on both sides too.
    Refunds r = statement("2025-12-01", "2026-04-30");
    assertEquals(List.of(
        "Billett (2025-12-01 – 2026-03-15) 2025-12-01..2026-03-15 10000 100% 2+1 = " + (2 + 1) * PRICE,
        "Billett (2026-03-16 – 2026-04-30) 2026-03-16..2026-04-30 15000 100% 2+1 = " + (2 + 1) * 15_000),
        describe(r));
    assertEquals((2 + 1) * PRICE + (2 + 1) * 15_000, r.amountOre());
    assertEquals(4, r.visits());
    String csv = new String(RefundDocuments.csv(r, k -> k), StandardCharsets.UTF_8);
    assertTrue(csv.contains("Billett (2025-12-01 – 2026-03-15)"), csv);
    assertTrue(csv.contains("Billett (2026-03-16 – 2026-04-30)"), csv);
    String pdf = pdfText(RefundDocuments.pdf(r, "Vilkårsby", k -> k));
    assertTrue(pdf.contains("2025-12-01 – 2026-03-15") && pdf.contains("2026-03-16 – 2026-04-30"), pdf);

    // A statement inside one price's days names the offer alone.
    assertEquals(List.of("Billett 2026-03-16..2026-03-31 15000 100% 1+1 = " + 2 * 15_000),
        describe(statement("2026-03-16", "2026-03-31")));
  }

  @Test
  void eachMonthOfAMonthlyStatementIsThatMonthsOwnStatement() {
    changeAt("2026-03-15T23:30:00Z", offer("Billett", null, 15_000, 100, 1));
    String chosen = ts.server.offers.create(venueId, new OfferRequest("Svømmekurs", null, QuotaPeriod.CALENDAR_YEAR, 0,
        null, null, null, null, PRICE, 50, true)).id();
    admit(LocalDate.of(2026, 1, 10), 1);
    admit(LocalDate.of(2026, 3, 15), 0);
    admit(LocalDate.of(2026, 3, 16), 1);
    admit(chosen, LocalDate.of(2026, 3, 20));
    admit(LocalDate.of(2026, 4, 30), 0);
    upload();

    java.util.Map<java.time.YearMonth, Refunds> monthly = ts.server.refunds.monthly(scheme.id(), null,
        java.time.YearMonth.of(2025, 12), java.time.YearMonth.of(2026, 4));
    assertEquals(5, monthly.size());
    monthly.forEach((m, r) -> assertEquals(statement(m.atDay(1).toString(), m.atEndOfMonth().toString()), r,
        m.toString()));
    // March has a line per price and the targeted offer's line; February none.
    assertEquals(3, monthly.get(java.time.YearMonth.of(2026, 3)).lines().size());
    assertTrue(monthly.get(java.time.YearMonth.of(2026, 2)).lines().isEmpty());
  }

  @Test
  void refundShareChangeSplitsTheStatement() {
    changeAt("2026-04-01T08:00:00Z", offer("Billett", null, PRICE, 50, 1));
    admit(LocalDate.of(2026, 3, 10), 1);
    admit(LocalDate.of(2026, 4, 10), 1);
    upload();

    Refunds r = statement("2026-03-01", "2026-04-30");
    assertEquals(List.of(
        "Billett (2026-03-01 – 2026-03-31) 2026-03-01..2026-03-31 10000 100% 1+1 = " + 2 * PRICE,
        "Billett (2026-04-01 – 2026-04-30) 2026-04-01..2026-04-30 10000 50% 1+1 = " + 2 * PRICE / 2),
        describe(r));
    assertEquals(2 * PRICE + PRICE, r.amountOre());
  }

  @Test
  void companionRuleChangeSplitsTheStatement() {
    changeAt("2026-03-16T09:00:00Z", offer("Billett", null, PRICE, 100, 0));
    admit(LocalDate.of(2026, 3, 10), 1);
    admit(LocalDate.of(2026, 3, 20), 1);
    upload();

    Refunds r = statement("2026-03-01", "2026-03-31");
    // After the change the companion still came (and is counted), but is no longer refunded.
    assertEquals(List.of(
        "Billett (2026-03-01 – 2026-03-15) 2026-03-01..2026-03-15 10000 100% 1+1 = " + 2 * PRICE,
        "Billett (2026-03-16 – 2026-03-31) 2026-03-16..2026-03-31 10000 100% 1+0 = " + PRICE),
        describe(r));
    assertEquals(List.of(1L, 1L), r.lines().stream().map(RefundLine::companions).toList());
    assertEquals(1, r.refundedCompanions());
  }

  @Test
  void targetedOfferIsCountedInWholeMonthsOnly() {
    String chosen = ts.server.offers.create(venueId, new OfferRequest("Svømmekurs", null, QuotaPeriod.CALENDAR_YEAR, 0,
        null, null, null, null, PRICE, 100, true)).id();
    admit(LocalDate.of(2026, 3, 10), 0);
    admit(chosen, LocalDate.of(2026, 3, 10));
    admit(chosen, LocalDate.of(2026, 3, 24));
    admit(chosen, LocalDate.of(2026, 4, 7));
    upload();

    // One day: the child's day would show; only the offer for every card is there.
    Refunds day = statement("2026-03-10", "2026-03-10");
    assertEquals(List.of("Billett 2026-03-10..2026-03-10 10000 100% 1+0 = " + PRICE), describe(day));
    assertTrue(day.targetedByMonth());
    // Part of March and all of April: the targeted offer's line covers April alone, and says so.
    Refunds span = statement("2026-03-05", "2026-04-30");
    assertEquals(List.of("Billett 2026-03-05..2026-04-30 10000 100% 1+0 = " + PRICE,
        "Svømmekurs (2026-04-01 – 2026-04-30) 2026-04-01..2026-04-30 10000 100% 1+0 = " + PRICE), describe(span));
    assertTrue(span.targetedByMonth());
    String pdf = pdfText(RefundDocuments.pdf(span, "Vilkårsby", k -> k));
    assertTrue(pdf.contains("refund.byMonth") && pdf.contains("2026-04-01 – 2026-04-30"), pdf);
    // Whole months: every visit, as for any offer.
    Refunds march = statement("2026-03-01", "2026-03-31");
    assertEquals(List.of("Billett 2026-03-01..2026-03-31 10000 100% 1+0 = " + PRICE,
        "Svømmekurs 2026-03-01..2026-03-31 10000 100% 2+0 = " + 2 * PRICE), describe(march));
    assertFalse(march.targetedByMonth());
    assertFalse(pdfText(RefundDocuments.pdf(march, "Vilkårsby", k -> k)).contains("refund.byMonth"));
  }

  @Test
  void changingOnlyNameOrQuotaWritesNoTerms() {
    List<String> created = terms();
    assertEquals(List.of("2000-01-01 10000 100% 1"), created);

    changeAt("2026-03-16T09:00:00Z", offer("Kinobillett", 5, PRICE, 100, 1));

    assertEquals(created, terms());
  }

  @Test
  void secondChangeOnADayReplacesTheFirstAndChangingBackRemovesIt() {
    changeAt("2026-03-16T09:00:00Z", offer("Billett", null, 15_000, 100, 1));
    changeAt("2026-03-16T15:00:00Z", offer("Billett", null, 20_000, 100, 2));
    assertEquals(List.of("2000-01-01 10000 100% 1", "2026-03-16 20000 100% 2"), terms());

    changeAt("2026-03-16T16:00:00Z", offer("Billett", null, PRICE, 100, 1));
    assertEquals(List.of("2000-01-01 10000 100% 1"), terms());
  }

  private static OfferRequest offer(String name, Integer quota, long priceOre, int refundPercent, int companions) {
    return new OfferRequest(name, quota, QuotaPeriod.CALENDAR_YEAR, companions, null, null, null, null, priceOre,
        refundPercent, false);
  }

  /** Changes the offer when the clock shows {@code instant}. */
  private void changeAt(String instant, OfferRequest request) {
    ts.clock.set(Instant.parse(instant));
    ts.server.offers.update(offerId, request);
  }

  /** An admission at noon in the scheme's time zone on {@code day}, with companions. */
  private void admit(LocalDate day, int companions) {
    visits.add(new Visit(UUID.randomUUID(), ++sequence, VisitKind.ADMISSION, null, card, 1, offerId, venueId,
        terminal.terminalId(), day.atTime(LocalTime.NOON).atZone(scheme.zone()).toInstant(), companions, Set.of()));
  }

  /** An admission without companions under {@code offer} at noon in the scheme's time zone on {@code day}. */
  private void admit(String offer, LocalDate day) {
    visits.add(new Visit(UUID.randomUUID(), ++sequence, VisitKind.ADMISSION, null, card, 1, offer, venueId,
        terminal.terminalId(), day.atTime(LocalTime.NOON).atZone(scheme.zone()).toInstant(), 0, Set.of()));
  }

  /** Uploads the admissions, as a terminal would after the last of them. */
  private void upload() {
    ts.clock.set(Instant.parse("2026-05-02T10:00:00Z"));
    ts.server.ingest.ingest(terminal, terminal.terminalId(), visits.stream().<Upload>map(Upload.Parsed::new).toList(),
        new TerminalReport("t1", 0, 0L));
  }

  private Refunds statement(String from, String to) {
    return ts.server.refunds.of(scheme.id(), null, LocalDate.parse(from), LocalDate.parse(to));
  }

  /** Each line as "offer from..to price share% visits+refunded companions = amount". */
  private static List<String> describe(Refunds r) {
    return r.lines().stream().map(l -> r.offer(l) + " " + l.from() + ".." + l.to() + " " + l.priceOre() + " "
        + l.refundPercent() + "% " + l.visits() + "+" + l.refundedCompanions() + " = " + l.amountOre()).toList();
  }

  private static String pdfText(byte[] pdf) {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      return new PDFTextStripper().getText(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The offer's terms rows as "from price share% companions". */
  private List<String> terms() {
    return ts.testDb.db.read(sql -> sql.list("SELECT effective_from, price_ore, refund_percent, companions"
            + " FROM offer_terms WHERE offer_id = ? ORDER BY effective_from",
        r -> r.date("effective_from") + " " + r.longValue("price_ore") + " " + r.intValue("refund_percent") + "% "
            + r.intValue("companions"), offerId));
  }
}
