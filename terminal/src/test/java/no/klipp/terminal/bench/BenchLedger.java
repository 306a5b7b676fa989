package no.klipp.terminal.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.SnapshotImport;

/** A venue ledger of realistic size for benchmarks: {@code cards} cards, two offers, usage for a tenth of them. */
final class BenchLedger {

  static final Instant NOW = Instant.parse("2026-03-11T11:00:00Z");

  private BenchLedger() {}

  static LedgerSnapshot snapshot(int cards) {
    Fixtures f = new Fixtures();
    f.offers.add(Fixtures.offer("cinema", 1_000_000, QuotaPeriod.CALENDAR_YEAR));
    f.offers.add(Fixtures.offer("popcorn", 2, QuotaPeriod.MONTH, 0, null, null, List.of(), null, true));
    List<CardRecord> records = new ArrayList<>(cards);
    for (int i = 1; i <= cards; i++) {
      // Every card with the fingerprint of its QR credential, as the server sends them.
      records.add(new CardRecord(Fixtures.number(i), 0, CredentialCodec.fingerprint(Fixtures.qr(i)),
          LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
          2015, "Kari", CardStatus.ACTIVE, i % 5 == 0 ? List.of("popcorn") : List.of()));
      if (i % 10 == 0) {
        f.usage.add(new UsageCount(Fixtures.number(i), "cinema", "2026", 2));
      }
    }
    f.cards.addAll(records);
    return f.snapshot();
  }

  /** The machine's load average (1, 5, 15 min) when a benchmark ran: its figures depend on it. */
  static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Creates the ledger file; returns the milliseconds the import took. */
  static long create(Path file, int cards) {
    LedgerSnapshot s = snapshot(cards);
    try (Ledger ledger = Ledger.open(file, Ledger.Mode.CREATE)) {
      long start = System.nanoTime();
      new SnapshotImport(ledger).replace(s, NOW);
      return (System.nanoTime() - start) / 1_000_000;
    }
  }
}
