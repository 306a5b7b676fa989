package no.klipp.terminal.validation;

import static no.klipp.terminal.Fixtures.card;
import static no.klipp.terminal.Fixtures.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.CredentialForm;
import no.klipp.protocol.card.IssuingKey;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.Revocation;
import no.klipp.protocol.sync.SchemeRules;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.ledger.SnapshotImport;
import no.klipp.terminal.scan.Scan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ValidatorTest {

  // A Wednesday, 12:00 in Oslo.
  static final Instant NOON = Instant.parse("2026-03-11T11:00:00Z");

  @TempDir Path dir;

  Fixtures venue(Integer quota, QuotaPeriod period) {
    Fixtures f = new Fixtures();
    f.offers.add(offer("cinema", quota, period));
    for (int i = 1; i <= 5; i++) {
      f.cards.add(card(i));
    }
    return f;
  }

  @Test
  void admitsAKnownCardAndRecordsTheVisitDurably() {
    Verdict v;
    try (Harness h = new Harness(dir, venue(5, QuotaPeriod.CALENDAR_YEAR), NOON)) {
      v = h.qr(1);
    }
    assertTrue(v.admitted());
    assertEquals(Reason.ADMITTED, v.reason());
    assertEquals("cinema", v.offerId());
    assertEquals(List.of("cinema"), v.offers());
    assertEquals(4, v.visitsLeft());
    assertEquals(1, v.companions());
    assertEquals(new Holder("Kari", 2015), v.holder());
    assertFalse(v.repeat());
    try (Ledger reopened = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
      List<Visit> pending = new Outbox(reopened).pending(10);
      assertEquals(1, pending.size());
      Visit visit = pending.getFirst();
      assertEquals(v.visitId(), visit.id());
      assertEquals(VisitKind.ADMISSION, visit.kind());
      assertEquals(Fixtures.number(1), visit.cardNumber());
      assertEquals(Fixtures.VENUE, visit.venueId());
      assertEquals("t-1", visit.terminalId());
      assertEquals(NOON, visit.terminalTime());
      assertEquals(1, visit.sequence());
      assertEquals(7, visit.id().version());
      assertEquals(NOON, no.klipp.protocol.sync.VisitIds.time(visit.id()), "the id carries the visit's time");
    }
  }

  @Test
  void garbageOversizedAndBinaryScansAreInvalidCodes() {
    try (Harness h = new Harness(dir, venue(5, QuotaPeriod.CALENDAR_YEAR), NOON)) {
      String good = Fixtures.qr(1);
      List<Scan> bad = List.of(
          new Scan.Qr(""),
          new Scan.Qr("hello"),
          new Scan.Qr("https://example.org/ticket"),
          new Scan.Qr("KL1:" + "A".repeat(100_000)),
          new Scan.Qr(new String(new byte[] {0, 1, 2, (byte) 0xff, 10}, StandardCharsets.ISO_8859_1)),
          new Scan.Qr(good.substring(0, good.length() - 3)),
          new Scan.Nfc(new byte[] {1, 2, 3}, new byte[] {4, 5, 6, 7}),
          new Scan.Nfc(new byte[0], new byte[0]),
          new Scan.Typed("1234567890x"),
          new Scan.Typed(""),
          new Scan.Typed(Fixtures.number(1).substring(0, 9) + wrongDigit(Fixtures.number(1))));
      for (Scan s : bad) {
        Verdict v = h.validator.validate(s);
        assertEquals(Reason.INVALID_CODE, v.reason(), s.toString());
        assertFalse(v.admitted());
        assertNotNull(v.detail());
      }
      String altered = good.substring(0, 10) + (good.charAt(10) == 'A' ? 'B' : 'A') + good.substring(11);
      assertEquals(Reason.UNKNOWN_CARD, h.validator.validate(new Scan.Qr(altered)).reason(),
          "read in full, but the signature does not hold: to the desk, not 'scan again'");
      assertEquals(0, new Outbox(h.ledger).totalCount());
      assertTrue(h.qr(1).admitted(), "still working after garbage");
    }
  }

  private static char wrongDigit(String number) {
    char last = number.charAt(9);
    return last == '0' ? '1' : '0';
  }

  @Test
  void quotaIsUsedUpAndServerUsageCounts() {
    Fixtures f = venue(3, QuotaPeriod.CALENDAR_YEAR);
    f.usage.add(new UsageCount(Fixtures.number(1), "cinema", "2026", 1));
    try (Harness h = new Harness(dir, f, NOON)) {
      assertEquals(1, h.qr(1).visitsLeft());
      h.clock.advance(Duration.ofHours(1));
      assertEquals(0, h.qr(1).visitsLeft());
      h.clock.advance(Duration.ofHours(1));
      Verdict v = h.qr(1);
      assertFalse(v.admitted());
      assertEquals(Reason.QUOTA_USED, v.reason());
      assertEquals("cinema", v.offerId());
      assertEquals(0, v.visitsLeft());
      assertNull(v.visitId());
      assertEquals(2, new Outbox(h.ledger).totalCount());
    }
  }

  @Test
  void unlimitedOfferHasNoVisitsLeftFigure() {
    try (Harness h = new Harness(dir, venue(null, null), NOON)) {
      for (int i = 0; i < 10; i++) {
        Verdict v = h.qr(1);
        assertTrue(v.admitted());
        assertNull(v.visitsLeft());
        h.clock.advance(Duration.ofMinutes(30));
      }
    }
  }

  @Test
  void secondScanWithinTheRepeatWindowRepeatsTheVerdictAndCountsNothing() {
    try (Harness h = new Harness(dir, venue(5, QuotaPeriod.CALENDAR_YEAR), NOON)) {
      Verdict first = h.qr(1);
      h.clock.advance(Duration.ofSeconds(3));
      Verdict second = h.qr(1);
      assertTrue(second.admitted());
      assertTrue(second.repeat());
      assertEquals(first.visitId(), second.visitId());
      assertEquals(first.visitsLeft(), second.visitsLeft());
      assertEquals(1, new Outbox(h.ledger).totalCount());
      h.clock.advance(Duration.ofSeconds(10));
      Verdict third = h.qr(1);
      assertFalse(third.repeat());
      assertEquals(3, third.visitsLeft());
    }
  }

  @Test
  void sameCardUnderSameOfferWithinPassbackWindowIsAlreadyScanned() {
    ValidationConfig d = Harness.config();
    ValidationConfig config = new ValidationConfig(d.terminalId(), d.zone(), d.repeatWindow(), Duration.ofMinutes(10),
        d.undoWindow(), d.defaultOffer(), true, OfflinePolicy.off());
    try (Harness h = new Harness(dir, venue(5, QuotaPeriod.CALENDAR_YEAR), NOON, config)) {
      assertTrue(h.qr(1).admitted());
      h.clock.advance(Duration.ofMinutes(2));
      Verdict v = h.qr(1);
      assertEquals(Reason.ALREADY_SCANNED, v.reason());
      assertFalse(v.admitted());
      h.clock.advance(Duration.ofMinutes(9));
      assertTrue(h.qr(1).admitted());
    }
  }

  @Test
  void aCardPassedBackIsNotLetInAgainUnderAnotherOfferOfTheVenue() {
    ValidationConfig d = Harness.config();
    ValidationConfig config = new ValidationConfig(d.terminalId(), d.zone(), d.repeatWindow(), Duration.ofMinutes(10),
        d.undoWindow(), Optional.empty(), true, OfflinePolicy.off());
    Fixtures f = venue(5, QuotaPeriod.CALENDAR_YEAR);
    f.offers.add(offer("popcorn", 5, QuotaPeriod.CALENDAR_YEAR));
    try (Harness h = new Harness(dir, f, NOON, config)) {
      Verdict first = h.qr(1);
      assertTrue(first.admitted());
      assertEquals("cinema", first.offerId());
      h.clock.advance(Duration.ofMinutes(2));
      Verdict back = h.qr(1);
      assertFalse(back.admitted(), "let in again under the popcorn: " + back);
      assertEquals(Reason.ALREADY_SCANNED, back.reason());
      // Staff who mean the popcorn pick it.
      assertTrue(h.validator.validate(new Scan.Qr(Fixtures.qr(1)), "popcorn").admitted());
      h.clock.advance(Duration.ofMinutes(9));
      assertEquals(Reason.ALREADY_SCANNED, h.qr(1).reason(), "the popcorn's window is still open");
      h.clock.advance(Duration.ofMinutes(2));
      assertTrue(h.qr(1).admitted(), "after both windows");
    }
  }

  @Test
  void cardValidityIsChecked() {
    Fixtures f = venue(5, QuotaPeriod.CALENDAR_YEAR);
    f.cards.add(new CardRecord(Fixtures.number(10), 0, null, LocalDate.of(2026, 6, 1), LocalDate.of(2027, 5, 31),
        2015, "Ola", CardStatus.ACTIVE, List.of()));
    f.cards.add(new CardRecord(Fixtures.number(11), 0, null, LocalDate.of(2025, 1, 1), LocalDate.of(2026, 3, 10),
        2015, "Ola", CardStatus.ACTIVE, List.of()));
    try (Harness h = new Harness(dir, f, NOON)) {
      assertEquals(Reason.NOT_YET_VALID, h.qr(10).reason());
      assertEquals(Reason.EXPIRED, h.qr(11).reason());
    }
  }

  @Test
  void revokedCardsAndCredentialsAreRefused() {
    Fixtures f = venue(5, QuotaPeriod.CALENDAR_YEAR);
    f.cards.add(new CardRecord(Fixtures.number(20), 0, null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
        2015, "Ola", CardStatus.REVOKED, List.of()));
    // Card 21 was lost and replaced: serial 0 is revoked, serial 1 is the new card.
    f.cards.add(new CardRecord(Fixtures.number(21), 1, null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
        2015, "Ola", CardStatus.ACTIVE, List.of()));
    f.revocations.add(new Revocation(Fixtures.number(21), 0, NOON));
    // Card 22: serial 0 revoked explicitly while the ledger still lists it (the revocation arrived first).
    f.cards.add(card(22));
    f.revocations.add(new Revocation(Fixtures.number(22), 0, NOON));
    try (Harness h = new Harness(dir, f, NOON)) {
      assertEquals(Reason.REVOKED, h.qr(20).reason());
      assertEquals(Reason.REVOKED, h.typed(20).reason());
      assertEquals(Reason.REVOKED, h.qr(21).reason());
      assertTrue(h.validator.validate(new Scan.Qr(Fixtures.qr(21, 1))).admitted());
      assertEquals(Reason.REVOKED, h.qr(22).reason());
    }
  }

  @Test
  void replacedCredentialIsRefusedWithinTheRepeatWindowOfTheNewOnesAdmission() {
    Fixtures f = venue(5, QuotaPeriod.CALENDAR_YEAR);
    // Card 21 was lost and replaced: serial 0 is revoked, serial 1 is the new card.
    f.cards.add(new CardRecord(Fixtures.number(21), 1, null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
        2015, "Ola", CardStatus.ACTIVE, List.of()));
    f.revocations.add(new Revocation(Fixtures.number(21), 0, NOON));
    try (Harness h = new Harness(dir, f, NOON)) {
      assertTrue(h.validator.validate(new Scan.Qr(Fixtures.qr(21, 1))).admitted());
      h.clock.advance(Duration.ofSeconds(3));
      Verdict old = h.qr(21);
      assertFalse(old.admitted());
      assertFalse(old.repeat());
      assertEquals(Reason.REVOKED, old.reason());
      h.clock.advance(Duration.ofSeconds(1));
      assertTrue(h.validator.validate(new Scan.Qr(Fixtures.qr(21, 1))).repeat(), "the new card still repeats");
    }
  }

  @Test
  void cardRevokedRightAfterItsAdmissionIsRefusedWithinTheRepeatWindow() {
    try (Harness h = new Harness(dir, venue(5, QuotaPeriod.CALENDAR_YEAR), NOON)) {
      assertTrue(h.qr(5).admitted());
      new SnapshotImport(h.ledger).apply(new LedgerDelta("cursor-1", "cursor-2", NOON, null, null, null, null, null,
          List.of(new Revocation(Fixtures.number(5), 0, NOON)), null), NOON);
      h.clock.advance(Duration.ofSeconds(3));
      Verdict again = h.qr(5);
      assertFalse(again.admitted());
      assertEquals(Reason.REVOKED, again.reason());
    }
  }

  @Test
  void cardsOfARetiredKeyAreRefusedFromTheDeltaThatRetiresIt() {
    try (Harness h = new Harness(dir, venue(5, QuotaPeriod.CALENDAR_YEAR), NOON)) {
      assertTrue(h.qr(5).admitted());
      no.klipp.protocol.card.IssuingKey next = no.klipp.protocol.card.IssuingKey.generate(Fixtures.SCHEME, 2,
          new java.security.SecureRandom());
      new SnapshotImport(h.ledger).apply(new LedgerDelta("cursor-1", "cursor-2", NOON, null,
          List.of(new no.klipp.protocol.sync.IssuerPublicKey(Fixtures.SCHEME, 2, next.publicEntry().publicKeyBase64())),
          null, null, null, null, null, List.of(new no.klipp.protocol.sync.RetiredIssuerKey(Fixtures.SCHEME, 1))), NOON);
      h.clock.advance(Duration.ofHours(2));
      Verdict forged = h.qr(6);
      assertFalse(forged.admitted(), "signed with the retired key");
      assertEquals(Reason.UNKNOWN_CARD, forged.reason());
      assertFalse(h.qr(5).admitted(), "a card it signed and admitted before, recognised by its fingerprint or not");
    }
  }

  @Test
  void ageOutsideTheSchemeIsRefused() {
    Fixtures f = venue(5, QuotaPeriod.CALENDAR_YEAR);
    f.cards.add(new CardRecord(Fixtures.number(30), 0, null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
        2007, "Ola", CardStatus.ACTIVE, List.of()));
    f.cards.add(new CardRecord(Fixtures.number(31), 0, null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
        2022, "Ola", CardStatus.ACTIVE, List.of()));
    f.cards.add(new CardRecord(Fixtures.number(32), 0, null, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
        2008, "Ola", CardStatus.ACTIVE, List.of()));
    try (Harness h = new Harness(dir, f, NOON)) {
      assertEquals(Reason.AGE_OUTSIDE_SCHEME, h.qr(30).reason());
      assertEquals(Reason.AGE_OUTSIDE_SCHEME, h.qr(31).reason());
      assertTrue(h.qr(32).admitted(), "18 this year is inside 5..18");
    }
  }

  @Test
  void unknownCards() {
    Fixtures f = venue(5, QuotaPeriod.CALENDAR_YEAR);
    try (Harness h = new Harness(dir, f, NOON)) {
      assertEquals(Reason.UNKNOWN_CARD, h.typed(40).reason(), "a typed number proves nothing");
      Verdict v = h.qr(40);
      assertTrue(v.admitted(), "verified credential, scheme allows unknown cards");
      assertEquals(Set.of(VisitFlag.UNKNOWN_CARD), v.flags());
      assertNull(v.holder());
      assertEquals(4, v.visitsLeft());
      assertEquals(Set.of(VisitFlag.UNKNOWN_CARD), new Outbox(h.ledger).pending(1).getFirst().flags());
    }
  }

  @Test
  void unknownCardKeepsItsVisitsCountedWhenTheRosterBringsAnEarlierValidFrom() {
    // Admitted on the credential's issue date (2026-01-05) as the card year's start; the server
    // may set valid-from up to a year apart, and the delta brings 2025-09-01.
    try (Harness h = new Harness(dir, venue(3, QuotaPeriod.CARD_YEAR), NOON)) {
      assertTrue(h.qr(40).admitted());
      h.clock.advance(Duration.ofHours(1));
      assertTrue(h.qr(40).admitted());
      CardRecord issued = new CardRecord(Fixtures.number(40), 0, null, LocalDate.of(2025, 9, 1),
          LocalDate.of(2026, 8, 31), 2015, "Kari", CardStatus.ACTIVE, List.of());
      new SnapshotImport(h.ledger).apply(new LedgerDelta("cursor-1", "cursor-2", NOON, null, null, null, null,
          List.of(issued), null, null), NOON);
      h.clock.advance(Duration.ofHours(1));
      Verdict third = h.qr(40);
      assertTrue(third.admitted());
      assertEquals(0, third.visitsLeft(), "the two visits before the delta count in the card's year");
      h.clock.advance(Duration.ofHours(1));
      assertEquals(Reason.QUOTA_USED, h.qr(40).reason());
    }
  }

  @Test
  void renewedCardStartsItsNewCardYearWithTheFullQuota() {
    // Valid in 2026 and used up there; renewed (the server moves valid-from to 2027-01-01, keeping
    // the number): the visits of 2026 belong to the old period, not to the new card's first year.
    Fixtures f = venue(3, QuotaPeriod.CARD_YEAR);
    f.cards.set(0, new CardRecord(Fixtures.number(1), 0, CredentialCodec.fingerprint(Fixtures.qr(1)),
        LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), 2015, "Kari", CardStatus.ACTIVE, List.of()));
    try (Harness h = new Harness(dir, f, NOON)) {
      for (int i = 0; i < 3; i++) {
        assertTrue(h.qr(1).admitted());
        h.clock.advance(Duration.ofHours(1));
      }
      assertEquals(Reason.QUOTA_USED, h.qr(1).reason());
      CardRecord renewed = new CardRecord(Fixtures.number(1), 0, CredentialCodec.fingerprint(Fixtures.qr(1)),
          LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31), 2015, "Kari", CardStatus.ACTIVE, List.of());
      new SnapshotImport(h.ledger).apply(new LedgerDelta("cursor-1", "cursor-2", NOON, null, null, null, null,
          List.of(renewed), null, null), NOON);
      h.clock.set(Instant.parse("2027-01-11T11:00:00Z"));
      Verdict v = h.qr(1);
      assertTrue(v.admitted(), "a new card year: " + v.reason());
      assertEquals(2, v.visitsLeft());
    }
  }

  @Test
  void unknownCardAdmittedBeforeALaterValidFromCountsInTheFirstCardYear() {
    // Admitted on the credential's issue date (2026-01-05) while unknown here; the server's
    // valid-from is 2026-06-01, and counts the visit in the card year starting then.
    try (Harness h = new Harness(dir, venue(3, QuotaPeriod.CARD_YEAR), NOON)) {
      assertTrue(h.qr(40).admitted());
      CardRecord issued = new CardRecord(Fixtures.number(40), 0, null, LocalDate.of(2026, 6, 1),
          LocalDate.of(2027, 5, 31), 2015, "Kari", CardStatus.ACTIVE, List.of());
      new SnapshotImport(h.ledger).apply(new LedgerDelta("cursor-1", "cursor-2", NOON, null, null, null, null,
          List.of(issued), null, null), NOON);
      h.clock.set(Instant.parse("2026-06-10T10:00:00Z"));
      assertEquals(1, h.qr(40).visitsLeft());
    }
  }

  @Test
  void renewedCardDoesNotCountItsFirstPeriodsVisitsWhileUnknown() {
    // Admitted while unknown (issued 2026-01-05, valid from then), then known, then renewed.
    try (Harness h = new Harness(dir, venue(3, QuotaPeriod.CARD_YEAR), NOON)) {
      assertTrue(h.qr(40).admitted());
      h.clock.advance(Duration.ofHours(1));
      assertTrue(h.qr(40).admitted());
      CardRecord renewed = new CardRecord(Fixtures.number(40), 0, null, LocalDate.of(2027, 1, 5),
          LocalDate.of(2028, 1, 4), 2015, "Kari", CardStatus.ACTIVE, List.of());
      new SnapshotImport(h.ledger).apply(new LedgerDelta("cursor-1", "cursor-2", NOON, null, null, null, null,
          List.of(renewed), null, null), NOON);
      h.clock.set(Instant.parse("2027-01-11T11:00:00Z"));
      Verdict v = h.qr(40);
      assertTrue(v.admitted(), "a new card year: " + v.reason());
      assertEquals(2, v.visitsLeft());
    }
  }

  @Test
  void unknownCardsRefusedWhenSchemeOrConfigSaysNo() {
    Fixtures f = venue(5, QuotaPeriod.CALENDAR_YEAR);
    f.scheme = new SchemeRules(Fixtures.SCHEME, "Strict", 5, 18, 1, false);
    try (Harness h = new Harness(dir, f, NOON)) {
      assertEquals(Reason.UNKNOWN_CARD, h.qr(40).reason());
    }
    ValidationConfig d = Harness.config();
    ValidationConfig noUnknown = new ValidationConfig(d.terminalId(), d.zone(), d.repeatWindow(), d.passbackWindow(),
        d.undoWindow(), d.defaultOffer(), false, OfflinePolicy.off());
    try (Harness h = new Harness(dir.resolve("b"), venue(5, QuotaPeriod.CALENDAR_YEAR), NOON, noUnknown)) {
      assertEquals(Reason.UNKNOWN_CARD, h.qr(40).reason());
    }
  }

  @Test
  void cardOfAnotherSchemeIsNotValidHere() {
    Fixtures f = venue(5, QuotaPeriod.CALENDAR_YEAR);
    try (Harness h = new Harness(dir, f, NOON)) {
      Credential other = new Credential(99, CardNumber.fromSerial(1), 0, Fixtures.ISSUED, 1, CredentialForm.QR);
      Verdict v = h.validator.validate(new Scan.Qr(CredentialCodec.issueQr(other, Fixtures.OTHER_SCHEME_KEY)));
      // Its key is not trusted here, so it cannot even be verified; scanning again will not help.
      assertEquals(Reason.UNKNOWN_CARD, v.reason());
    }
  }

  @Test
  void aLedgerWithoutIssuerKeysIsNotReadyAndCountsNothingAgainstTheCard() {
    Fixtures f = venue(5, QuotaPeriod.CALENDAR_YEAR);
    ListAppender<ILoggingEvent> logged = listenTo(Validator.class);
    try (Harness h = new Harness(dir, f, NOON)) {
      // The keys are lost (or never came): the same roster, no issuer key.
      new SnapshotImport(h.ledger).replace(withoutKeys(f.snapshot()), NOON);
      byte[] uid = {4, 1, 2, 3, 4, 5, 6};
      Credential tag = new Credential(Fixtures.SCHEME, CardNumber.fromSerial(2), 0, Fixtures.ISSUED, 1,
          CredentialForm.NFC);
      for (Scan genuine : List.of(new Scan.Qr(Fixtures.qr(1)), new Scan.Qr(Fixtures.qr(1)),
          new Scan.Nfc(CredentialCodec.issueNfc(tag, Fixtures.KEY, uid), uid))) {
        Verdict v = h.validator.validate(genuine);
        assertEquals(Reason.NOT_READY, v.reason(), genuine.toString());
        assertFalse(v.admitted());
        assertNull(v.visitId());
        assertNull(v.cardNumber(), "the number of a code nobody could check is not reported");
        assertEquals(Set.of(), v.flags());
        h.clock.advance(Duration.ofMinutes(1));
      }
      // What is no card code at all is still a misread, keys or not.
      assertEquals(Reason.INVALID_CODE, h.validator.validate(new Scan.Qr("hello")).reason());
      assertEquals(0, new Outbox(h.ledger).totalCount(), "a refusal that is the terminal's fault records nothing");

      List<ILoggingEvent> warnings = logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertEquals(1, warnings.size(), "warned once, not per scan: " + warnings);
      String warning = warnings.getFirst().getFormattedMessage();
      assertTrue(warning.contains("no issuer keys") && warning.contains("synced"), warning);
      assertFalse(warning.contains(Fixtures.number(1)) || warning.contains(Fixtures.number(2)), warning);

      // The keys arrive with the next snapshot: the same card is admitted, none of its visits used.
      new SnapshotImport(h.ledger).replace(f.snapshot(), NOON);
      Verdict admitted = h.qr(1);
      assertTrue(admitted.admitted());
      assertEquals(4, admitted.visitsLeft());
    } finally {
      stopListening(Validator.class, logged);
    }
  }

  @Test
  void aForgedCodeOrAnotherSchemesCardIsNotRecognisedAndNotAMisreadToScanAgain() {
    IssuingKey forger = IssuingKey.fromSeed(Fixtures.SCHEME, 1, new byte[32]);
    Fixtures f = new Fixtures();
    f.offers.add(offer("cinema", 5, QuotaPeriod.CALENDAR_YEAR));
    f.cards.addAll(withoutFingerprints(List.of(card(1))));
    try (Harness h = new Harness(dir, f, NOON)) {
      Verdict forged = h.validator.validate(new Scan.Qr(CredentialCodec.issueQr(Fixtures.credential(1, 0), forger)));
      assertEquals(Reason.UNKNOWN_CARD, forged.reason());
      assertFalse(forged.reason().tryAgain(), "scanning a forgery again cannot help");
      assertTrue(forged.detail().contains("BAD_SIGNATURE"), forged.detail());
      Credential otherKey = new Credential(Fixtures.SCHEME, CardNumber.fromSerial(1), 0, Fixtures.ISSUED, 2,
          CredentialForm.QR);
      Verdict unknownKey = h.validator.validate(new Scan.Qr(
          CredentialCodec.issueQr(otherKey, IssuingKey.fromSeed(Fixtures.SCHEME, 2, new byte[32]))));
      assertEquals(Reason.UNKNOWN_CARD, unknownKey.reason(), "a key this ledger lacks, beside keys it has");
      IssuingKey neighbour = IssuingKey.fromSeed(Fixtures.SCHEME + 1, 1, new byte[32]);
      Verdict otherScheme = h.validator.validate(new Scan.Qr(CredentialCodec.issueQr(
          new Credential(Fixtures.SCHEME + 1, CardNumber.fromSerial(7), 0, Fixtures.ISSUED, 1, CredentialForm.QR),
          neighbour)));
      assertEquals(Reason.UNKNOWN_CARD, otherScheme.reason(), "a neighbouring municipality's card: " + otherScheme);
      assertEquals(Reason.INVALID_CODE, h.validator.validate(new Scan.Qr("https://example.com/menu")).reason(),
          "not a card code at all: perhaps a misread, scan again");
      assertEquals(0, new Outbox(h.ledger).totalCount());
    }
  }

  private static LedgerSnapshot withoutKeys(LedgerSnapshot s) {
    return new LedgerSnapshot(s.venueId(), "cursor-keyless", s.serverTime(), s.scheme(), List.of(), s.offers(),
        s.cards(), s.revocations(), s.usage());
  }

  private static List<CardRecord> withoutFingerprints(List<CardRecord> cards) {
    return cards.stream().map(c -> new CardRecord(c.cardNumber(), c.credentialSerial(), null, c.validFrom(),
        c.validUntil(), c.birthYear(), c.firstName(), c.status(), c.offers())).toList();
  }

  private static ListAppender<ILoggingEvent> listenTo(Class<?> type) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
    return appender;
  }

  private static void stopListening(Class<?> type, ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger(type)).detachAppender(appender);
  }

  @Test
  void targetedOfferAdmitsOnlyChosenCards() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("concert", 1, QuotaPeriod.CALENDAR_YEAR, 0, null, null, List.of(), null, true));
    f.cards.add(card(1, "concert"));
    f.cards.add(card(2));
    try (Harness h = new Harness(dir, f, NOON)) {
      Verdict chosen = h.qr(1);
      assertTrue(chosen.admitted());
      assertEquals("concert", chosen.offerId());
      assertEquals(0, chosen.companions());
      Verdict other = h.qr(2);
      assertEquals(Reason.NOT_VALID_HERE, other.reason());
      assertEquals(List.of(), other.offers());
    }
  }

  @Test
  void offerOutsideItsDatesIsNotValidHere() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("summer", null, null, 1, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 8, 31), List.of(), null,
        false));
    f.cards.add(card(1));
    try (Harness h = new Harness(dir, f, NOON)) {
      assertEquals(Reason.NOT_VALID_HERE, h.qr(1).reason());
      h.clock.set(Instant.parse("2026-07-01T10:00:00Z"));
      assertTrue(h.qr(1).admitted());
    }
  }

  @Test
  void openingHoursAreInTheVenuesTimeZone() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("pool", null, null, 1, null, null,
        List.of(Fixtures.hours(DayOfWeek.WEDNESDAY, "12:00", "18:00")), null, false));
    f.cards.add(card(1));
    // 11:30 UTC is 12:30 in Oslo in March (CET): open; 10:30 UTC is 11:30: closed.
    try (Harness h = new Harness(dir, f, Instant.parse("2026-03-11T10:30:00Z"))) {
      assertEquals(Reason.OUTSIDE_OPENING_HOURS, h.qr(1).reason());
      h.clock.set(Instant.parse("2026-03-11T11:30:00Z"));
      assertTrue(h.qr(1).admitted());
      h.clock.set(Instant.parse("2026-03-12T11:30:00Z"));
      assertEquals(Reason.OUTSIDE_OPENING_HOURS, h.qr(1).reason(), "Thursday");
    }
  }

  @Test
  void aVenueOpenUntilMidnightAdmitsInItsLastHour() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("cinema", null, null, 1, null, null,
        List.of(Fixtures.hours(DayOfWeek.WEDNESDAY, "18:00", "00:00")), null, false));
    f.cards.add(card(1));
    // Oslo is UTC+1 in March: 16:30 UTC is 17:30 on Wednesday 11 March, 22:30 UTC is 23:30.
    try (Harness h = new Harness(dir, f, Instant.parse("2026-03-11T16:30:00Z"))) {
      assertEquals(Reason.OUTSIDE_OPENING_HOURS, h.qr(1).reason(), "17:30, before it opens");
      h.clock.set(Instant.parse("2026-03-11T22:30:00Z"));
      assertTrue(h.qr(1).admitted(), "23:30, in its last hour");
      h.clock.set(Instant.parse("2026-03-11T23:10:00Z"));
      assertEquals(Reason.OUTSIDE_OPENING_HOURS, h.qr(1).reason(), "00:10 on Thursday");
    }
  }

  @Test
  void capacitySellsOut() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("concert", 1, QuotaPeriod.CALENDAR_YEAR, 0, null, null, List.of(), 3, false));
    for (int i = 1; i <= 4; i++) {
      f.cards.add(card(i));
    }
    f.usage.add(new UsageCount(Fixtures.number(4), "concert", "2026", 1));
    try (Harness h = new Harness(dir, f, NOON)) {
      assertTrue(h.qr(1).admitted());
      Verdict second = h.qr(2);
      assertTrue(second.admitted());
      assertEquals(Reason.SOLD_OUT, h.qr(3).reason());
      assertTrue(h.validator.undo(second.visitId()).done());
      assertTrue(h.qr(3).admitted(), "a voided ticket is free again");
    }
  }

  @Test
  void severalOffersStaffPickAndDefault() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("cinema", 5, QuotaPeriod.CALENDAR_YEAR));
    f.offers.add(offer("popcorn", 2, QuotaPeriod.MONTH));
    f.offers.add(offer("vip", 1, QuotaPeriod.CALENDAR_YEAR, 0, null, null, List.of(), null, true));
    f.cards.add(card(1));
    f.cards.add(card(2));
    try (Harness h = new Harness(dir, f, NOON)) {
      Verdict v = h.qr(1);
      assertEquals("cinema", v.offerId(), "the first that applies");
      assertEquals(List.of("cinema", "popcorn"), v.offers());
      h.clock.advance(Duration.ofMinutes(1));
      Verdict popcorn = h.validator.validate(new Scan.Qr(Fixtures.qr(1)), "popcorn");
      assertTrue(popcorn.admitted());
      assertFalse(popcorn.repeat(), "staff picked another offer: not a repeat");
      assertEquals("popcorn", popcorn.offerId());
      assertEquals(1, popcorn.visitsLeft());
      Verdict vip = h.validator.validate(new Scan.Qr(Fixtures.qr(2)), "vip");
      assertEquals(Reason.NOT_VALID_HERE, vip.reason());
      assertEquals(List.of("cinema", "popcorn"), vip.offers(), "staff see what would apply");
    }
    ValidationConfig d = Harness.config();
    ValidationConfig withDefault = new ValidationConfig(d.terminalId(), d.zone(), d.repeatWindow(),
        d.passbackWindow(), d.undoWindow(), Optional.of("popcorn"), true, OfflinePolicy.off());
    try (Harness h = new Harness(dir.resolve("b"), f, NOON, withDefault)) {
      assertEquals("popcorn", h.qr(1).offerId());
      h.clock.advance(Duration.ofMinutes(1));
      assertEquals("popcorn", h.qr(1).offerId());
      h.clock.advance(Duration.ofMinutes(1));
      Verdict used = h.qr(1);
      assertEquals(Reason.QUOTA_USED, used.reason(), "an unattended terminal sticks to its default offer");
      assertEquals(List.of("cinema"), used.offers());
    }
  }

  @Test
  void undoVoidsAsItsOwnEventWithinTheWindow() {
    try (Harness h = new Harness(dir, venue(1, QuotaPeriod.CALENDAR_YEAR), NOON)) {
      Verdict v = h.qr(1);
      h.clock.advance(Duration.ofSeconds(30));
      Correction undo = h.validator.undo(v.visitId());
      assertTrue(undo.done());
      assertEquals(Correction.Outcome.ALREADY_VOIDED, h.validator.undo(v.visitId()).outcome());
      List<Visit> events = new Outbox(h.ledger).pending(10);
      assertEquals(2, events.size(), "nothing is deleted");
      assertEquals(VisitKind.VOID, events.get(1).kind());
      assertEquals(v.visitId(), events.get(1).refersTo());
      assertEquals(undo.eventId(), events.get(1).id());
      assertEquals(2, events.get(1).sequence());
      Verdict again = h.qr(1);
      assertTrue(again.admitted(), "the voided visit no longer counts");
      assertFalse(again.repeat());
      h.clock.advance(Duration.ofMinutes(3));
      assertEquals(Correction.Outcome.TOO_LATE, h.validator.undo(again.visitId()).outcome());
      assertEquals(Correction.Outcome.UNKNOWN_VISIT, h.validator.undo(java.util.UUID.randomUUID()).outcome());
    }
  }

  @Test
  void companionsAreAddedUpToTheOffersAllowance() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("play", 5, QuotaPeriod.CALENDAR_YEAR, 2, null, null, List.of(), null, false));
    f.cards.add(card(1));
    try (Harness h = new Harness(dir, f, NOON)) {
      Verdict v = h.qr(1);
      assertEquals(2, v.companions());
      Correction one = h.validator.addCompanions(v.visitId(), 1);
      assertTrue(one.done());
      assertEquals(1, one.companions());
      assertEquals(Correction.Outcome.TOO_MANY_COMPANIONS, h.validator.addCompanions(v.visitId(), 2).outcome());
      Correction two = h.validator.addCompanions(v.visitId(), 1);
      assertEquals(2, two.companions());
      List<Visit> events = new Outbox(h.ledger).pending(10);
      assertEquals(3, events.size());
      assertEquals(VisitKind.COMPANIONS, events.get(1).kind());
      assertEquals(1, events.get(1).companions());
      assertEquals(v.visitId(), events.get(2).refersTo());
      h.validator.undo(v.visitId());
      assertEquals(Correction.Outcome.ALREADY_VOIDED, h.validator.addCompanions(v.visitId(), 1).outcome());
    }
  }

  @Test
  void typedNumbersAreFlaggedAsManualEntry() {
    try (Harness h = new Harness(dir, venue(5, QuotaPeriod.CALENDAR_YEAR), NOON)) {
      Verdict v = h.validator.validate(new Scan.Typed(CardNumber.fromSerial(1).formatted()));
      assertTrue(v.admitted());
      assertEquals(Set.of(VisitFlag.MANUAL_ENTRY), v.flags());
    }
  }

  @Test
  void offlineTooLongLimitsAdmissionsPerCardAndOffer() {
    ValidationConfig d = Harness.config();
    ValidationConfig config = new ValidationConfig(d.terminalId(), d.zone(), d.repeatWindow(), Duration.ZERO,
        d.undoWindow(), d.defaultOffer(), true, new OfflinePolicy(true, Duration.ofDays(3), 1));
    try (Harness h = new Harness(dir, venue(10, QuotaPeriod.CALENDAR_YEAR), NOON, config)) {
      assertTrue(h.qr(1).admitted());
      h.clock.advance(Duration.ofDays(4));
      Verdict offline = h.qr(1);
      assertTrue(offline.admitted());
      assertTrue(offline.flags().contains(VisitFlag.OFFLINE));
      h.clock.advance(Duration.ofHours(1));
      Verdict limited = h.qr(1);
      assertEquals(Reason.OFFLINE_LIMIT, limited.reason());
      assertTrue(h.qr(2).admitted(), "another card still has its offline admission");
      h.lastSync = Optional.of(h.clock.instant());
      assertTrue(h.qr(1).admitted(), "synced again");
    }
  }
}
