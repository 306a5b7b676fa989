package no.klipp.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.OpeningHours;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.card.Card;
import no.klipp.server.card.CardRepository;
import no.klipp.server.offer.OfferDefinition;
import no.klipp.server.offer.OfferRepository;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.scheme.IssuerKeys;
import no.klipp.server.scheme.MasterKey;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeRepository;
import no.klipp.server.scheme.SchemeRequest;
import no.klipp.server.support.TestDb;
import no.klipp.server.terminal.TerminalRepository;
import no.klipp.server.venue.Category;
import no.klipp.server.venue.Venue;
import no.klipp.server.venue.VenueRepository;
import no.klipp.server.visit.UsageKey;
import no.klipp.server.visit.VisitRepository;
import no.klipp.server.visit.VisitRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The shared SQL, run against a real SQLite file and a real PostgreSQL schema. */
@ParameterizedClass
@EnumSource(Dialect.class)
class RepositoryTest {

  static final Instant NOW = Instant.parse("2026-05-04T08:30:15.123Z");
  static final LocalDate TODAY = LocalDate.ofInstant(NOW, java.time.ZoneOffset.UTC);

  @Parameter
  Dialect dialect;

  TestDb t;
  Database db;
  long schemeId;

  @BeforeEach
  void setUp() {
    t = TestDb.fresh(dialect);
    db = t.db;
    schemeId = db.transaction(sql -> new SchemeRepository().insert(sql,
        new SchemeRequest("Røros og Holtålen", List.of("Røros", "Holtålen"), null, 2, 16, null, null, true).validated(),
        NOW, ChangeCounter.next(sql)));
    db.transaction(sql -> {
      new VenueRepository().insert(sql, new Venue("ven_1", schemeId, "Bowling", Category.BOWLING), NOW);
      return null;
    });
  }

  @AfterEach
  void tearDown() {
    if (t != null) {
      t.close();
    }
  }

  Card card(String number, int serial) {
    return new Card(number, schemeId, serial, LocalDate.of(2026, 5, 4), 1, "f" + serial, LocalDate.of(2026, 5, 4),
        LocalDate.of(2027, 5, 3), 2015, "Åse", CardStatus.ACTIVE, false);
  }

  @Test
  void schemesRoundTripWithRegionsAndDefaults() {
    Scheme s = db.read(sql -> new SchemeRepository().find(sql, schemeId)).orElseThrow();
    assertEquals(List.of("Røros", "Holtålen"), s.municipalities());
    assertEquals(2, s.minAge());
    assertEquals(12, s.validityMonths());
    assertTrue(s.admitUnknownCards());
    assertEquals("Europe/Oslo", s.timeZone());
  }

  @Test
  void cardsRoundTripDatesAndFlagsAndRefuseADuplicateNumber() {
    CardRepository cards = new CardRepository();
    String number = CardNumber.fromSerial(123456789).digits();
    boolean first = db.transaction(sql -> cards.insert(sql, card(number, 1), NOW, ChangeCounter.next(sql)));
    boolean again = db.transaction(sql -> cards.insert(sql, card(number, 1), NOW, ChangeCounter.next(sql)));
    assertTrue(first);
    assertFalse(again, "a card number is unique");
    Card back = db.read(sql -> cards.find(sql, number)).orElseThrow();
    assertEquals(card(number, 1), back);
    db.transaction(sql -> {
      cards.updatePaid(sql, number, true);
      cards.insertRevocation(sql, schemeId, number, 1, NOW, ChangeCounter.next(sql));
      cards.insertRevocation(sql, schemeId, number, 1, NOW, ChangeCounter.next(sql));
      return null;
    });
    assertTrue(db.read(sql -> cards.find(sql, number)).orElseThrow().paid());
    assertEquals(1, db.read(sql -> cards.revocations(sql, schemeId)).size());
    assertEquals(NOW, db.read(sql -> cards.revocationsOf(sql, List.of(number))).getFirst().revokedAt());
  }

  @Test
  void changeNumbersSelectWhatChangedAfterACursor() {
    CardRepository cards = new CardRepository();
    long before = db.read(ChangeCounter::current);
    String a = CardNumber.fromSerial(111111111).digits();
    String b = CardNumber.fromSerial(222222222).digits();
    db.transaction(sql -> cards.insert(sql, card(a, 1), NOW, ChangeCounter.next(sql)));
    long middle = db.read(ChangeCounter::current);
    db.transaction(sql -> cards.insert(sql, card(b, 1), NOW, ChangeCounter.next(sql)));
    long after = db.read(ChangeCounter::current);
    assertEquals(middle + 1, after);
    assertEquals(List.of(a, b), db.read(sql -> cards.changedAfter(sql, schemeId, before, after)).stream()
        .map(Card::cardNumber).sorted().toList());
    assertEquals(List.of(b), db.read(sql -> cards.changedAfter(sql, schemeId, middle, after)).stream()
        .map(Card::cardNumber).toList());
  }

  @Test
  void aFailedTransactionWritesNothing() {
    CardRepository cards = new CardRepository();
    String number = CardNumber.fromSerial(333333333).digits();
    assertThrows(IllegalStateException.class, () -> db.transaction(sql -> {
      cards.insert(sql, card(number, 1), NOW, ChangeCounter.next(sql));
      throw new IllegalStateException("boom");
    }));
    assertTrue(db.read(sql -> cards.find(sql, number)).isEmpty());
  }

  @Test
  void offersKeepOpeningHoursAndOptionalLimits() {
    OfferRepository offers = new OfferRepository();
    OfferRequest req = new OfferRequest("Konsert", null, QuotaPeriod.MONTH, 0, LocalDate.of(2026, 6, 1),
        LocalDate.of(2026, 6, 1), List.of(new OpeningHours(java.time.DayOfWeek.MONDAY, java.time.LocalTime.of(18, 0),
        java.time.LocalTime.of(22, 30))), 300, 25000L, 100, true).validated(TODAY);
    db.transaction(sql -> {
      offers.insert(sql, "off_1", "ven_1", req, NOW, ChangeCounter.next(sql));
      return null;
    });
    OfferDefinition o = db.read(sql -> offers.find(sql, "off_1")).orElseThrow();
    assertEquals(null, o.quota());
    assertEquals(300, o.capacity());
    assertEquals(1, o.openingHours().size());
    assertEquals(java.time.LocalTime.of(22, 30), o.openingHours().getFirst().closes());
    assertTrue(o.targeted());
    assertEquals(25000L, o.priceOre());
    boolean withdrawn = db.transaction(sql -> offers.withdraw(sql, "off_1", ChangeCounter.next(sql)));
    boolean twice = db.transaction(sql -> offers.withdraw(sql, "off_1", ChangeCounter.next(sql)));
    assertTrue(withdrawn);
    assertFalse(twice);
  }

  @Test
  void visitsAreStoredOnceAndCountedNetOfVoids() throws Exception {
    OfferRepository offers = new OfferRepository();
    VisitRepository visits = new VisitRepository();
    db.transaction(sql -> {
      offers.insert(sql, "off_1", "ven_1", new OfferRequest("Bane", 5, null, 1, null, null, null, null, 0L, 0, false)
          .validated(TODAY), NOW, ChangeCounter.next(sql));
      new TerminalRepository().insert(sql, "trm_1", "ven_1", "Kasse", false, "h", NOW, NOW);
      return null;
    });
    String number = CardNumber.fromSerial(444444444).digits();
    UUID first = UUID.randomUUID();
    List<VisitRow> rows = List.of(
        row(first, 1, VisitKind.ADMISSION, null, number),
        row(UUID.randomUUID(), 2, VisitKind.ADMISSION, null, number),
        row(UUID.randomUUID(), 3, VisitKind.VOID, first, number));
    Set<UUID> stored = db.transaction(sql -> visits.insertNew(sql, rows));
    assertEquals(3, stored.size());
    assertEquals(Set.of(), db.transaction(sql -> visits.insertNew(sql, rows)));
    assertEquals(Set.of(first), db.read(sql -> visits.existing(sql, List.of(first, UUID.randomUUID()))));
    assertEquals(List.of(1L, 2L, 3L), db.read(sql -> visits.sequencesAfter(sql, "trm_1", 0)));
    var listed = db.read(sql -> visits.ofVenue(sql, "ven_1", NOW.minusSeconds(60), NOW.plusSeconds(60), 10, true));
    assertEquals(3, listed.size());
    assertEquals(List.of("CLOCK_UNVERIFIED", "OFFLINE_CONFLICT"), listed.getFirst().flags());
    assertEquals(NOW, listed.getFirst().terminalTime());
  }

  @Test
  void usageMovesByEachDeltaAndAnswersTheNetBeforeItPerOfferAndPeriod() {
    VisitRepository visits = new VisitRepository();
    String a = CardNumber.fromSerial(111111111).digits();
    String b = CardNumber.fromSerial(222222222).digits();
    int all = Integer.MIN_VALUE;
    assertEquals(Map.of(new UsageKey(a, "off_1", "2026"), 0, new UsageKey(b, "off_1", "2026"), 0),
        db.transaction(sql -> visits.addUsage(sql, "off_1", "2026", new TreeMap<>(Map.of(a, 2, b, 0)), all)));
    assertEquals(Map.of(new UsageKey(a, "off_1", "2026"), 2, new UsageKey(b, "off_1", "2026"), 0),
        db.transaction(sql -> visits.addUsage(sql, "off_1", "2026", new TreeMap<>(Map.of(a, -1, b, 1)), all)));
    // Another period and another offer are counts of their own.
    assertEquals(Map.of(new UsageKey(a, "off_1", "2027"), 0),
        db.transaction(sql -> visits.addUsage(sql, "off_1", "2027", new TreeMap<>(Map.of(a, 1)), all)));
    assertEquals(Map.of(new UsageKey(a, "off_2", "2026"), 0),
        db.transaction(sql -> visits.addUsage(sql, "off_2", "2026", new TreeMap<>(Map.of(a, 5)), all)));
    // A failed transaction moves nothing.
    assertThrows(IllegalStateException.class, () -> db.transaction(sql -> {
      visits.addUsage(sql, "off_1", "2026", new TreeMap<>(Map.of(a, 10)), all);
      throw new IllegalStateException("undone");
    }));
    assertEquals(Map.of(new UsageKey(a, "off_1", "2026"), 1),
        db.transaction(sql -> visits.addUsage(sql, "off_1", "2026", new TreeMap<>(Map.of(a, 0)), all)));
    // Thousands of cards in one statement, each with its own delta.
    TreeMap<String, Integer> many = new TreeMap<>();
    for (int i = 0; i < 3000; i++) {
      many.put(CardNumber.fromSerial(300000000 + i).digits(), i % 4 - 1);
    }
    assertEquals(Map.of(), db.transaction(sql -> visits.addUsage(sql, "off_1", "2026", many,
        VisitRepository.NONE_WANTED)), "none wanted, none read");
    Map<UsageKey, Integer> before = db.transaction(sql -> visits.addUsage(sql, "off_1", "2026", many, all));
    assertEquals(many.size(), before.size());
    many.forEach((card, delta) -> assertEquals(delta, before.get(new UsageKey(card, "off_1", "2026")), card));
  }

  /**
   * Only the cards a quota can be passed with are read back: those whose net after the delta is
   * above the limit asked for, and those whose net before was below zero (a count from zero would
   * be too high for them).
   */
  @Test
  void usageAnswersTheNetBeforeOnlyOfCardsAboveTheLimitAfterOrBelowZeroBefore() {
    VisitRepository visits = new VisitRepository();
    String under = CardNumber.fromSerial(111111111).digits();
    String over = CardNumber.fromSerial(222222222).digits();
    String negative = CardNumber.fromSerial(333333333).digits();
    db.transaction(sql -> visits.addUsage(sql, "off_1", "2026", new TreeMap<>(Map.of(under, 1, over, 2, negative, -1)),
        VisitRepository.NONE_WANTED));
    assertEquals(Map.of(new UsageKey(over, "off_1", "2026"), 2, new UsageKey(negative, "off_1", "2026"), -1),
        db.transaction(sql -> visits.addUsage(sql, "off_1", "2026",
            new TreeMap<>(Map.of(under, 1, over, 1, negative, 1)), 2)));
    // Now under 2, over 3, negative 0: with a limit of 1, the first two.
    assertEquals(Map.of(new UsageKey(under, "off_1", "2026"), 2, new UsageKey(over, "off_1", "2026"), 3),
        db.transaction(sql -> visits.addUsage(sql, "off_1", "2026",
            new TreeMap<>(Map.of(under, 0, over, 0, negative, 1)), 1)));
  }

  /**
   * Batches big enough to be copied in on PostgreSQL are stored field for field as the row-by-row
   * insert stores them; a batch holding a visit stored before has its own copy undone, and only
   * its own: the transaction's earlier batch stays.
   */
  @Test
  void largeBatchesAreStoredFieldForFieldAndARepeatUndoesOnlyItsOwnCopy() {
    VisitRepository visits = new VisitRepository();
    db.transaction(sql -> {
      new OfferRepository().insert(sql, "off_1", "ven_1", new OfferRequest("Bane", 5, null, 1, null, null, null, null,
          0L, 0, false).validated(TODAY), NOW, ChangeCounter.next(sql));
      new TerminalRepository().insert(sql, "trm_1", "ven_1", "Kasse", false, "h", NOW, NOW);
      return null;
    });
    int n = VisitRepository.COPY_MIN + 20;
    List<VisitRow> earlier = varied(0, n);
    assertEquals(n, db.transaction(sql -> visits.insertNew(sql, earlier)).size());
    List<VisitRow> fresh = varied(n, n);
    List<VisitRow> mixed = new java.util.ArrayList<>(varied(2 * n, n));
    mixed.add(earlier.get(7));
    List<Set<UUID>> stored = db.transaction(sql -> List.of(visits.insertNew(sql, fresh), visits.insertNew(sql, mixed)));
    assertEquals(ids(fresh), stored.get(0));
    Set<UUID> mixedNew = new java.util.HashSet<>(ids(mixed));
    mixedNew.remove(earlier.get(7).visit().id());
    assertEquals(mixedNew, stored.get(1));

    List<VisitRow> all = new java.util.ArrayList<>(earlier);
    all.addAll(fresh);
    all.addAll(mixed.subList(0, n));
    List<List<Object>> back = db.read(sql -> sql.list("SELECT id, terminal_id, venue_id, scheme_id, sequence, kind,"
        + " refers_to, card_number, credential_serial, offer_id, period_key, companions, terminal_time, received_at,"
        + " flags FROM visit ORDER BY sequence", r -> java.util.Arrays.asList(r.uuid("id"), r.string("terminal_id"),
            r.string("venue_id"), r.longValue("scheme_id"), r.longValue("sequence"), r.string("kind"),
            r.uuid("refers_to"), r.string("card_number"), r.intValue("credential_serial"), r.string("offer_id"),
            r.string("period_key"), r.intValue("companions"), r.instant("terminal_time"), r.instant("received_at"),
            r.string("flags"))));
    assertEquals(all.size(), back.size());
    for (int i = 0; i < all.size(); i++) {
      VisitRow row = all.get(i);
      Visit v = row.visit();
      assertEquals(java.util.Arrays.asList(v.id(), v.terminalId(), v.venueId(), row.schemeId(), v.sequence(),
          v.kind().name(), v.refersTo(), v.cardNumber(), v.credentialSerial(), v.offerId(), row.periodKey(),
          v.companions(), v.terminalTime(), row.receivedAt(), row.flagText()), back.get(i), "visit " + i);
    }
  }

  /** {@code n} visits from sequence {@code from + 1}: every kind, voids and companions referring, millisecond times. */
  List<VisitRow> varied(int from, int n) {
    List<VisitRow> out = new java.util.ArrayList<>();
    for (int i = from; i < from + n; i++) {
      VisitKind kind = VisitKind.values()[i % VisitKind.values().length];
      Visit v = new Visit(UUID.randomUUID(), i + 1, kind, kind == VisitKind.ADMISSION ? null : UUID.randomUUID(),
          CardNumber.fromSerial(100_000_000L + i).digits(), 1 + i % 3, "off_1", "ven_1", "trm_1",
          NOW.plusMillis(37L * i), i % 4, Set.of());
      Set<VisitFlag> flags = i % 2 == 0 ? Set.of(VisitFlag.OFFLINE_CONFLICT, VisitFlag.CLOCK_UNVERIFIED) : Set.of();
      out.add(new VisitRow(v, schemeId, i % 5 == 0 ? "2026-W18" : "2026", flags, NOW.plusMillis(i)));
    }
    return out;
  }

  static Set<UUID> ids(List<VisitRow> rows) {
    Set<UUID> out = new java.util.HashSet<>();
    rows.forEach(r -> out.add(r.visit().id()));
    return out;
  }

  @Test
  void longListsOfKeysFindExactlyTheirRows() throws Exception {
    // Over 50 keys SQLite binds the list as one JSON array: quotes and backslashes must survive it.
    List<String> ids = new java.util.ArrayList<>();
    db.transaction(sql -> {
      for (int i = 0; i < 60; i++) {
        String id = "ven_\"q\\" + i;
        new VenueRepository().insert(sql, new Venue(id, schemeId, "Hall " + i, Category.BOWLING), NOW);
        ids.add(id);
      }
      return null;
    });
    List<String> asked = new java.util.ArrayList<>(ids.subList(0, 55));
    asked.add("ven_\"q\\x");
    asked.add("ven_1");
    Set<String> found = db.read(sql -> {
      Sql.In in = sql.in("id", asked, "text");
      return Set.copyOf(sql.list("SELECT id FROM venue WHERE " + in.sql(), r -> r.string("id"), in.args()));
    });
    Set<String> expected = new java.util.HashSet<>(ids.subList(0, 55));
    expected.add("ven_1");
    assertEquals(expected, found);
    assertEquals("[1,\"a\\\"b\\\\\",\"\\u0001\"]", Sql.jsonArray(List.of(1L, "a\"b\\", "\u0001")));
  }

  VisitRow row(UUID id, long seq, VisitKind kind, UUID refersTo, String card) {
    Visit v = new Visit(id, seq, kind, refersTo, card, 1, "off_1", "ven_1", "trm_1", NOW, 1,
        Set.of(VisitFlag.CLOCK_UNVERIFIED));
    return new VisitRow(v, schemeId, "2026", Set.of(VisitFlag.CLOCK_UNVERIFIED, VisitFlag.OFFLINE_CONFLICT), NOW);
  }

  @Test
  void issuingKeysAreSealedAndRotate() {
    IssuerKeys keys = new IssuerKeys(MasterKey.loadOrCreate(t.dir.resolve("master.key"), new SecureRandom()),
        new SecureRandom());
    db.transaction(sql -> keys.create(sql, schemeId, NOW, ChangeCounter.next(sql)));
    db.transaction(sql -> keys.create(sql, schemeId, NOW, ChangeCounter.next(sql)));
    assertEquals(2, db.read(sql -> keys.active(sql, schemeId)).keyId());
    assertEquals(2, db.read(sql -> keys.publicKeys(sql, schemeId)).size());
    String sealed = db.read(sql -> sql.one("SELECT sealed_seed FROM issuer_key WHERE key_id = 1",
        r -> r.string("sealed_seed"))).orElseThrow();
    byte[] seed = db.read(sql -> keys.key(sql, schemeId, 1)).seed();
    assertFalse(sealed.contains(java.util.Base64.getEncoder().encodeToString(seed)));
  }
}
