package no.klipp.terminal.validation;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.SnapshotImport;
import no.klipp.terminal.scan.Scan;

/** A real ledger file loaded with a fixture, a fake clock, and a validator over them. */
final class Harness implements AutoCloseable {

  final FakeClock clock;
  final Ledger ledger;
  final Validator validator;
  Optional<Instant> lastSync;

  Harness(Path dir, Fixtures fixtures, Instant now, ValidationConfig config) {
    this.clock = new FakeClock(now);
    this.ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE);
    new SnapshotImport(ledger).replace(fixtures.snapshot(), now);
    this.lastSync = Optional.of(now);
    this.validator = new Validator(ledger, config, new TimeKeeper(clock, Validator.savedMark(ledger)),
        new Random(42), () -> lastSync);
  }

  Harness(Path dir, Fixtures fixtures, Instant now) {
    this(dir, fixtures, now, config());
  }

  /** Defaults with no passback window, so tests of quotas can scan a card again after the repeat window. */
  static ValidationConfig config() {
    ValidationConfig d = ValidationConfig.defaults("t-1");
    return new ValidationConfig(d.terminalId(), d.zone(), d.repeatWindow(), java.time.Duration.ZERO,
        d.undoWindow(), d.defaultOffer(), d.admitUnknownCards(), OfflinePolicy.off());
  }

  java.time.ZoneId validatorZone() {
    return config().zone();
  }

  Verdict qr(long card) {
    return validator.validate(new Scan.Qr(Fixtures.qr(card)));
  }

  Verdict typed(long card) {
    return validator.validate(new Scan.Typed(Fixtures.number(card)));
  }

  @Override
  public void close() {
    ledger.close();
  }
}
