package no.klipp.terminal.cli;

import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
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

/**
 * A made-up venue to try the terminal with: a scheme, a cinema with two offers, {@code cards}
 * cards and their QR texts, signed with a throwaway key. Most cards are admitted; a few are
 * revoked, expired, outside the age range or used up, so every common verdict shows.
 */
public final class DemoSnapshot {

  /** The snapshot and, in the same order as its cards, each card's QR text. */
  public record Result(LedgerSnapshot snapshot, List<String> qrTexts) {}

  public static final long SCHEME_ID = 1001;
  public static final String VENUE_ID = "demo-cinema";
  private static final String[] NAMES = {"Emma", "Noah", "Nora", "Jakob", "Sara", "Emil", "Ella", "Lucas", "Maja",
      "Filip", "Ingrid", "Aksel", "Leah", "Oskar", "Sofie", "Henrik"};

  private DemoSnapshot() {}

  /** A demo venue (a cinema: ordinary tickets, and a premiere for chosen cards) with {@code cards} cards, valid around {@code today}. */
  public static Result generate(int cards, LocalDate today, Instant now, SecureRandom random) {
    if (cards < 1 || cards > 1_000_000) {
      throw new IllegalArgumentException("cards must be 1..1000000: " + cards);
    }
    IssuingKey key = IssuingKey.generate(SCHEME_ID, 1, random);
    SchemeRules scheme = new SchemeRules(SCHEME_ID, "Demo leisure card", 5, 18, 1, true);
    LocalDate yearStart = today.withDayOfYear(1);
    List<OpeningHours> always = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      always.add(new OpeningHours(d, LocalTime.of(0, 0), LocalTime.of(23, 59)));
    }
    List<Offer> offers = List.of(
        new Offer("cinema", VENUE_ID, "Cinema ticket", 5, QuotaPeriod.CALENDAR_YEAR, 1, null, null, always, null, false),
        new Offer("premiere", VENUE_ID, "Premiere night", 1, QuotaPeriod.CALENDAR_YEAR, 1, yearStart,
            yearStart.plusYears(1).minusDays(1), List.of(), 200, true));
    List<CardRecord> records = new ArrayList<>(cards);
    List<String> qr = new ArrayList<>(cards);
    List<Revocation> revocations = new ArrayList<>();
    List<UsageCount> usage = new ArrayList<>();
    for (int i = 0; i < cards; i++) {
      CardNumber number = CardNumber.fromSerial(100_000L + i);
      LocalDate from = yearStart;
      LocalDate until = yearStart.plusYears(1).minusDays(1);
      int birthYear = today.getYear() - 6 - (i % 12);
      CardStatus status = CardStatus.ACTIVE;
      if (i % 97 == 13) {
        status = CardStatus.REVOKED;
        revocations.add(new Revocation(number.digits(), 0, now));
      } else if (i % 89 == 17) {
        from = yearStart.minusYears(1);
        until = yearStart.minusDays(1);
      } else if (i % 83 == 19) {
        birthYear = today.getYear() - 22;
      } else if (i % 7 == 3) {
        usage.add(new UsageCount(number.digits(), "cinema", QuotaPeriod.CALENDAR_YEAR.key(today, from), 5));
      }
      Credential credential = new Credential(SCHEME_ID, number, 0, from, 1, CredentialForm.QR);
      String text = CredentialCodec.issueQr(credential, key);
      records.add(new CardRecord(number.digits(), 0, CredentialCodec.fingerprint(text), from, until, birthYear,
          NAMES[i % NAMES.length], status, i % 10 == 1 ? List.of("premiere") : List.of()));
      qr.add(text);
    }
    IssuerPublicKey publicKey = new IssuerPublicKey(SCHEME_ID, 1, key.publicEntry().publicKeyBase64());
    LedgerSnapshot snapshot = new LedgerSnapshot(VENUE_ID, "demo-0", now, scheme, List.of(publicKey), offers, records,
        revocations, usage);
    return new Result(snapshot, qr);
  }
}
