package no.klipp.terminal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.ledger.SnapshotImport;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.validation.Reason;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.ValidationConfig;
import no.klipp.terminal.validation.Validator;
import no.klipp.terminal.validation.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Desk actions over the real validator and a real SQLite ledger. */
class ValidatorDeskTest {

  private static final Instant NOW = Instant.parse("2026-03-14T14:00:00Z");

  @TempDir Path dir;
  private FakeClock clock;
  private Ledger ledger;
  private Validator validator;
  private Display display;
  private ValidatorDesk desk;
  private Fixtures fixtures;

  @BeforeEach
  void open() {
    fixtures = new Fixtures();
    fixtures.offers.add(Fixtures.offer("cinema", 5, QuotaPeriod.CALENDAR_YEAR));
    fixtures.offers.add(Fixtures.offer("popcorn", 2, QuotaPeriod.CALENDAR_YEAR));
    fixtures.cards.add(Fixtures.card(1));
    fixtures.cards.add(Fixtures.card(2));
    clock = new FakeClock(NOW);
    ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE);
    new SnapshotImport(ledger).replace(fixtures.snapshot(), NOW);
    ValidationConfig config = ValidationConfig.defaults("t-1");
    validator =
        new Validator(ledger, config, new TimeKeeper(clock, Validator.savedMark(ledger)), new Random(42),
            () -> Optional.of(NOW));
    display = new Display(DisplayMode.STAFF, new Random(1));
    desk = new ValidatorDesk(validator, ledger, display, () -> {});
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  private VerdictView shown() throws Exception {
    try (Display.Subscription page = display.subscribe(null)) {
      page.next(100); // status
      Frame frame = page.next(100);
      return no.klipp.protocol.sync.Json.mapper().readValue(frame.json(), VerdictView.class);
    }
  }

  @Test
  void aReaderScanIsValidatedAndShownWithWhatStaffNeed() throws Exception {
    Verdict verdict = desk.scan(new Scan.Qr(Fixtures.qr(1)));
    assertTrue(verdict.admitted());
    VerdictView view = shown();
    assertTrue(view.admitted());
    assertEquals(VerdictReason.ADMITTED, view.reason());
    assertEquals(new Holder("Kari", 2015), view.holder());
    assertEquals(new OfferChoice("cinema", "Offer cinema"), view.offer());
    assertEquals(List.of(new OfferChoice("cinema", "Offer cinema"), new OfferChoice("popcorn", "Offer popcorn")), view.offers());
    assertEquals(4, view.visitsLeft());
    assertEquals(1, view.companionsAllowed());
    assertEquals(0, view.companionsAdded());
  }

  @Test
  void aCardWhoseNameTheServerErasedShowsNoHolderAndNoNull() throws Exception {
    // The server erases the name a year after the card expired and sends the card again without it.
    CardRecord named = Fixtures.card(1);
    CardRecord erased = new CardRecord(named.cardNumber(), named.credentialSerial(), named.fingerprint(),
        named.validFrom(), named.validUntil(), named.birthYear(), null, named.status(), named.offers());
    CardRecord blank = Fixtures.card(2);
    blank = new CardRecord(blank.cardNumber(), blank.credentialSerial(), blank.fingerprint(), blank.validFrom(),
        blank.validUntil(), blank.birthYear(), " ", blank.status(), blank.offers());
    new SnapshotImport(ledger).apply(new LedgerDelta("c1", "c2", NOW, null, null, null, null,
        List.of(erased, blank), null, null), NOW);

    Verdict verdict = desk.scan(new Scan.Qr(Fixtures.qr(1)));
    assertTrue(verdict.admitted(), "the card itself is unchanged");
    assertNull(verdict.holder().firstName());
    assertEquals(2015, verdict.holder().birthYear());
    VerdictView view = shown();
    assertNull(view.holder(), "no name, so no holder line: never 'null'");

    Verdict typed = desk.scan(new Scan.Typed(Fixtures.number(2)));
    assertNull(typed.holder().firstName(), "a blank name is stored as none");
  }

  @Test
  void companionIsRecordedOnceUpToTheOffersLimit() {
    desk.scan(new Scan.Qr(Fixtures.qr(1)));
    VerdictView view = desk.addCompanion();
    assertEquals(1, view.companionsAdded());
    DeskRefusal refusal = assertThrows(DeskRefusal.class, desk::addCompanion);
    assertEquals(DeskRefusal.Reason.COMPANION_LIMIT, refusal.reason());
    // A repeat scan of the same card moments later shows the same visit with its companion.
    Verdict repeat = desk.scan(new Scan.Qr(Fixtures.qr(1)));
    assertTrue(repeat.repeat());
    assertEquals(1, desk.view(repeat).companionsAdded());
  }

  @Test
  void undoVoidsTheVisitSoItCountsNoMore() {
    desk.scan(new Scan.Qr(Fixtures.qr(1)));
    assertEquals(new UndoneView(), desk.undoLast());
    assertEquals(DeskRefusal.Reason.NO_VISIT, assertThrows(DeskRefusal.class, desk::undoLast).reason());
    assertEquals(DeskRefusal.Reason.NO_VISIT, assertThrows(DeskRefusal.class, desk::addCompanion).reason());
    // The voided visit no longer uses the quota: the next admission leaves 4, as the first did.
    clock.advance(Duration.ofMinutes(20));
    Verdict again = desk.scan(new Scan.Qr(Fixtures.qr(1)));
    assertTrue(again.admitted());
    assertFalse(again.repeat());
    assertEquals(4, again.visitsLeft());
  }

  @Test
  void undoAfterTheUndoWindowIsRefusedAsTooLate() {
    desk.scan(new Scan.Qr(Fixtures.qr(1)));
    clock.advance(Duration.ofMinutes(3));
    assertEquals(DeskRefusal.Reason.TOO_LATE, assertThrows(DeskRefusal.class, desk::undoLast).reason());
  }

  @Test
  void choosingAnotherOfferCountsTheVisitUnderItInstead() {
    desk.scan(new Scan.Qr(Fixtures.qr(1)));
    desk.addCompanion();
    VerdictView popcorn = desk.chooseOffer("popcorn");
    assertTrue(popcorn.admitted());
    assertEquals("popcorn", popcorn.offer().id());
    assertEquals(1, popcorn.visitsLeft());
    assertEquals(1, popcorn.companionsAdded(), "the companion stays registered");
    assertEquals(DeskRefusal.Reason.NO_SUCH_OFFER, assertThrows(DeskRefusal.class, () -> desk.chooseOffer("bowling")).reason());
    // The cinema admission was voided: the cinema quota is untouched.
    clock.advance(Duration.ofMinutes(20));
    Verdict cinema = validator.validate(new Scan.Qr(Fixtures.qr(1)), "cinema");
    assertEquals(4, cinema.visitsLeft());
  }

  /** The popcorn offer as a sync brings it while the cinema admission is on the screen. */
  private void popcornChangedTo(int companions, java.time.LocalDate until) {
    Fixtures changed = new Fixtures();
    changed.offers.add(fixtures.offers.get(0));
    changed.offers.add(Fixtures.offer("popcorn", 2, QuotaPeriod.CALENDAR_YEAR, companions, null, until, List.of(),
        null, false));
    changed.cards.addAll(fixtures.cards);
    new SnapshotImport(ledger).replace(changed.snapshot(), NOW);
  }

  /**
   * The child is inside: when the offer staff pick refuses now (it ended since the scan, say), the
   * first admission must stay counted, not be voided with nothing in its place.
   */
  @Test
  void anOfferThatRefusesNowLeavesTheFirstAdmissionAsItWas() {
    Verdict first = desk.scan(new Scan.Qr(Fixtures.qr(1)));
    popcornChangedTo(1, NOW.atZone(java.time.ZoneId.of("Europe/Oslo")).toLocalDate().minusDays(1));

    assertEquals(DeskRefusal.Reason.NO_SUCH_OFFER,
        assertThrows(DeskRefusal.class, () -> desk.chooseOffer("popcorn")).reason());

    List<no.klipp.protocol.sync.Visit> recorded = new Outbox(ledger).pending(10);
    assertEquals(List.of(first.visitId()), recorded.stream().map(no.klipp.protocol.sync.Visit::id).toList(),
        "the admission alone, not voided");
    assertEquals(new UndoneView(), desk.undoLast(), "the desk still acts on it");
  }

  @Test
  void anOfferLettingInFewerCompanionsThanRegisteredChangesNothing() {
    desk.scan(new Scan.Qr(Fixtures.qr(1)));
    desk.addCompanion();
    popcornChangedTo(0, null);

    assertEquals(DeskRefusal.Reason.COMPANION_LIMIT,
        assertThrows(DeskRefusal.class, () -> desk.chooseOffer("popcorn")).reason());

    assertEquals(2, new Outbox(ledger).pending(10).size(), "the admission and its companion, nothing more");
    VerdictView still = desk.chooseOffer("cinema");
    assertEquals("cinema", still.offer().id(), "still the cinema admission on the desk");
    assertEquals(1, still.companionsAdded());
  }

  @Test
  void aCardWithoutANameIsShownWithoutAHolderLine() throws Exception {
    fixtures.cards.replaceAll(Fixtures::withoutName);
    new SnapshotImport(ledger).replace(fixtures.snapshot(), NOW);
    assertTrue(desk.scan(new Scan.Qr(Fixtures.qr(1))).admitted());
    try (Display.Subscription page = display.subscribe(null)) {
      page.next(100); // status
      String json = page.next(100).json();
      VerdictView view = no.klipp.protocol.sync.Json.mapper().readValue(json, VerdictView.class);
      assertTrue(view.admitted());
      assertNull(view.holder(), json);
      assertFalse(json.contains("firstName"), json);
    }
    assertNull(desk.typed(CardNumber.parse(Fixtures.number(2)).orElseThrow()).holder(), "typed numbers alike");
  }

  @Test
  void typedNumberIsValidatedLikeAScan() {
    VerdictView view = desk.typed(CardNumber.parse(Fixtures.number(2)).orElseThrow());
    assertTrue(view.admitted());
    assertEquals("Kari", view.holder().firstName());
    assertEquals(1, desk.addCompanion().companionsAdded());
  }

  @Test
  void refusedScanLeavesNothingForTheDeskToChange() {
    VerdictView unknown = desk.typed(CardNumber.fromSerial(999));
    assertFalse(unknown.admitted());
    assertEquals(VerdictReason.UNKNOWN_CARD, unknown.reason());
    assertNull(unknown.holder());
    assertEquals(0, unknown.companionsAllowed());
    assertEquals(DeskRefusal.Reason.NO_VISIT, assertThrows(DeskRefusal.class, desk::undoLast).reason());
    desk.scan(new Scan.Qr("KL1:garbage"));
    assertEquals(VerdictReason.INVALID_CODE, desk.view(Verdict.invalidCode("x")).reason());
  }

  @Test
  void aLedgerWithoutIssuerKeysShowsTheTerminalNotReadyAndTypedNumbersStillWork() throws Exception {
    LedgerSnapshot s = fixtures.snapshot();
    new SnapshotImport(ledger).replace(new LedgerSnapshot(s.venueId(), "keyless", s.serverTime(), s.scheme(),
        List.of(), s.offers(), s.cards(), s.revocations(), s.usage()), NOW);
    Verdict verdict = desk.scan(new Scan.Qr(Fixtures.qr(1)));
    assertEquals(Reason.NOT_READY, verdict.reason());
    VerdictView view = shown();
    assertFalse(view.admitted());
    assertEquals(VerdictReason.NOT_READY, view.reason());
    assertNull(view.holder());
    assertEquals(0, view.companionsAllowed());
    assertEquals(DeskRefusal.Reason.NO_VISIT, assertThrows(DeskRefusal.class, desk::undoLast).reason());
    // A typed number needs no issuer key: staff can still serve the queue from the roster.
    assertTrue(desk.typed(CardNumber.parse(Fixtures.number(2)).orElseThrow()).admitted());
  }

  @Test
  void everyValidatorReasonHasItsScreen() {
    for (Reason reason : Reason.values()) {
      assertEquals(reason.name(), ValidatorDesk.reason(reason).name());
    }
  }
}
