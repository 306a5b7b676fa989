package no.klipp.terminal.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.protocol.bench.BenchReport;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.IssuerKeyring;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.Reason;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.ValidationConfig;
import no.klipp.terminal.validation.Validator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate-cold}: a card the 100,000-card roster does not know, through signature
 * verification to its verdict (refused as unknown: nothing is recorded). Baseline: the protocol's
 * parse + verify alone. The figure {@code admitted_unknown_median} is the same card admitted under
 * the scheme's defaults, which includes the durable commit.
 */
@Tag("bench")
class ValidateColdBench {

  static final int CARDS = 100_000;
  static final int WARMUP = 2_000;
  static final int SAMPLES = 5_000;

  @TempDir Path dir;

  @Test
  void validateCold() {
    BenchLedger.create(dir.resolve("ledger.db"), CARDS);
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      unknown.add(Fixtures.qr(CARDS + 1 + i));
    }
    CredentialCodec codec = new CredentialCodec(IssuerKeyring.of(Fixtures.KEY.publicEntry()));
    double[] cold = new double[SAMPLES];
    double[] verify = new double[SAMPLES];
    double[] admitted = new double[500];
    FakeClock clock = new FakeClock(BenchLedger.NOW);
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
      Validator refusing = validator(ledger, clock, false);
      for (int i = 0; i < WARMUP + SAMPLES; i++) {
        String text = unknown.get(i);
        long t0 = System.nanoTime();
        Reason reason = refusing.validate(new Scan.Qr(text)).reason();
        long t1 = System.nanoTime();
        boolean valid = codec.parseQr(text).isValid();
        long t2 = System.nanoTime();
        if (reason != Reason.UNKNOWN_CARD || !valid) {
          throw new AssertionError("bench setup: " + reason);
        }
        if (i >= WARMUP) {
          cold[i - WARMUP] = (t1 - t0) / 1e6;
          verify[i - WARMUP] = (t2 - t1) / 1e6;
        }
      }
      Validator admitting = validator(ledger, clock, true);
      for (int i = 0; i < admitted.length; i++) {
        clock.advance(Duration.ofSeconds(15));
        long t0 = System.nanoTime();
        boolean in = admitting.validate(new Scan.Qr(unknown.get(i))).admitted();
        admitted[i] = (System.nanoTime() - t0) / 1e6;
        if (!in) {
          throw new AssertionError("bench setup: unknown card not admitted");
        }
      }
    }
    BenchReport.named("validate-cold", "ms")
        .value(BenchReport.median(cold))
        .p99(BenchReport.quantile(cold, 0.99))
        .baseline(BenchReport.median(verify))
        .figure("admitted_unknown_median", BenchReport.median(admitted))
        .figure("admitted_unknown_p99", BenchReport.quantile(admitted, 0.99))
        .param("cards", CARDS)
        .param("load_average", BenchLedger.loadAverage())
        .param("samples", SAMPLES)
        .param("baseline_is", "CredentialCodec.parseQr (Base45 + Ed25519 verify) alone")
        .write();
  }

  private static Validator validator(Ledger ledger, FakeClock clock, boolean admitUnknown) {
    ValidationConfig d = ValidationConfig.defaults("bench");
    ValidationConfig config = new ValidationConfig("bench", d.zone(), d.repeatWindow(), d.passbackWindow(),
        d.undoWindow(), Optional.empty(), admitUnknown, OfflinePolicy.off());
    return new Validator(ledger, config, new TimeKeeper(clock, Validator.savedMark(ledger)), new Random(5),
        () -> Optional.of(BenchLedger.NOW));
  }
}
