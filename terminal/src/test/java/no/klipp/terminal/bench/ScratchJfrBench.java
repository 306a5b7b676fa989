package no.klipp.terminal.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.validation.*;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("bench")
class ScratchJfrBench {
  @TempDir Path dir;

  @Test
  void run() throws Exception {
    BenchLedger.create(dir.resolve("ledger.db"), 100_000);
    Random random = new Random(11);
    List<String> qr = new ArrayList<>();
    for (int i = 0; i < 60000; i++) qr.add(Fixtures.qr(1 + random.nextInt(100_000)));
    FakeClock clock = new FakeClock(BenchLedger.NOW);
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
      ValidationConfig d = ValidationConfig.defaults("bench");
      ValidationConfig config = new ValidationConfig("bench", d.zone(), d.repeatWindow(), d.passbackWindow(),
          d.undoWindow(), Optional.empty(), true, OfflinePolicy.off());
      Validator validator = new Validator(ledger, config, new TimeKeeper(clock, Validator.savedMark(ledger)),
          new Random(3), () -> Optional.of(BenchLedger.NOW));
      long t0 = System.nanoTime();
      for (int i = 0; i < 60000; i++) {
        clock.advance(Duration.ofSeconds(15));
        validator.validate(new Scan.Qr(qr.get(i)));
      }
      System.out.printf("JFRRUN %.1f us/scan%n", (System.nanoTime() - t0) / 1e3 / 60000);
    }
  }
}
