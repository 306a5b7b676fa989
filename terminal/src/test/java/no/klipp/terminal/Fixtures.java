package no.klipp.terminal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.CredentialForm;
import no.klipp.protocol.card.IssuingKey;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.OpeningHours;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.Revocation;
import no.klipp.protocol.sync.SchemeRules;
import no.klipp.protocol.sync.UsageCount;

/** A small venue for tests: scheme 7, one issuing key, offers and cards as each test needs. */
public final class Fixtures {

  public static final long SCHEME = 7;
  public static final String VENUE = "venue-1";
  public static final IssuingKey KEY = IssuingKey.fromSeed(SCHEME, 1, seed(1));
  public static final IssuingKey OTHER_SCHEME_KEY = IssuingKey.fromSeed(99, 1, seed(2));
  public static final LocalDate ISSUED = LocalDate.of(2026, 1, 5);

  public final List<Offer> offers = new ArrayList<>();
  public final List<CardRecord> cards = new ArrayList<>();
  public final List<Revocation> revocations = new ArrayList<>();
  public final List<UsageCount> usage = new ArrayList<>();
  public SchemeRules scheme = new SchemeRules(SCHEME, "Test scheme", 5, 18, 1, true);

  private static byte[] seed(int b) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) b);
    return seed;
  }

  /** An offer: quota per period (null = unlimited), one companion, always open, not targeted. */
  public static Offer offer(String id, Integer quota, QuotaPeriod period) {
    return new Offer(id, VENUE, "Offer " + id, quota, period, 1, null, null, List.of(), null, false);
  }

  public static Offer offer(String id, Integer quota, QuotaPeriod period, int companions, LocalDate from,
      LocalDate until, List<OpeningHours> hours, Integer capacity, boolean targeted) {
    return new Offer(id, VENUE, "Offer " + id, quota, period, companions, from, until, hours, capacity, targeted);
  }

  public static OpeningHours hours(DayOfWeek day, String opens, String closes) {
    return new OpeningHours(day, LocalTime.parse(opens), LocalTime.parse(closes));
  }

  /** The card number for serial {@code i}. */
  public static String number(long i) {
    return CardNumber.fromSerial(i).digits();
  }

  /** A card valid in 2026 (and 2027), born 2015, active, credential serial 0, with its fingerprint. */
  public static CardRecord card(long i, String... offers) {
    return new CardRecord(number(i), 0, CredentialCodec.fingerprint(qr(i)), LocalDate.of(2026, 1, 1),
        LocalDate.of(2027, 12, 31), 2015, "Kari", CardStatus.ACTIVE, List.of(offers));
  }

  /** The card as the server sends it to a terminal not registered as a staffed desk: no first name. */
  public static CardRecord withoutName(CardRecord c) {
    return new CardRecord(c.cardNumber(), c.credentialSerial(), c.fingerprint(), c.validFrom(), c.validUntil(),
        c.birthYear(), null, c.status(), c.offers());
  }

  public static Credential credential(long i, int serial) {
    return new Credential(SCHEME, CardNumber.fromSerial(i), serial, ISSUED, 1, CredentialForm.QR);
  }

  /** The QR text of card {@code i}'s credential with serial 0. */
  public static String qr(long i) {
    return CredentialCodec.issueQr(credential(i, 0), KEY);
  }

  public static String qr(long i, int serial) {
    return CredentialCodec.issueQr(credential(i, serial), KEY);
  }

  public LedgerSnapshot snapshot() {
    return snapshot(null);
  }

  /** The snapshot, saying whether the server has this terminal as a staffed desk (null: not saying). */
  public LedgerSnapshot snapshot(Boolean staffed) {
    IssuerPublicKey key = new IssuerPublicKey(SCHEME, 1, KEY.publicEntry().publicKeyBase64());
    return new LedgerSnapshot(VENUE, "cursor-1", Instant.parse("2026-01-01T00:00:00Z"), scheme, List.of(key),
        offers, cards, revocations, usage, staffed);
  }

  /** One yearly cinema offer (quota 5) and card 1, with the staffed flag {@code staffed}. */
  public static LedgerSnapshot cinema(Boolean staffed) {
    Fixtures fixtures = new Fixtures();
    fixtures.offers.add(offer("cinema", 5, QuotaPeriod.CALENDAR_YEAR));
    fixtures.cards.add(card(1));
    return fixtures.snapshot(staffed);
  }
}
