package no.klipp.terminal.cli;

import java.util.List;
import no.klipp.terminal.config.ConfigException;
import no.klipp.terminal.config.TerminalConfig;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.LedgerException;
import no.klipp.terminal.validation.LedgerSyncStatus;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.Validator;

/** An open ledger with its validator, wired from the configuration; closing saves the time mark. */
final class Session implements AutoCloseable {

  /** How often the ledger's write-ahead log is copied back, off the scans' path. */
  static final java.time.Duration CHECKPOINT_INTERVAL = java.time.Duration.ofSeconds(1);

  final Ledger ledger;
  final Validator validator;
  final TimeKeeper time;

  private Session(Ledger ledger, Validator validator, TimeKeeper time) {
    this.ledger = ledger;
    this.validator = validator;
    this.time = time;
  }

  static Session open(TerminalConfig config, Env env) {
    Ledger ledger = Ledger.open(config.ledger().path(), Ledger.Mode.EXISTING);
    try {
      ledger.checkpointInBackground(CHECKPOINT_INTERVAL);
      TimeKeeper time = new TimeKeeper(env.clock(), Validator.savedMark(ledger));
      Validator validator = new Validator(ledger, config.validation(), time, env.random(), new LedgerSyncStatus(ledger));
      return new Session(ledger, validator, time);
    } catch (IllegalArgumentException e) {
      ledger.close();
      throw new ConfigException(List.of("validation.defaultOffer: " + e.getMessage()));
    } catch (RuntimeException e) {
      ledger.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      validator.saveMark();
    } catch (LedgerException e) {
      // The visits carry the mark as well; losing this copy loses nothing.
    }
    ledger.close();
  }
}
