package no.klipp.terminal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.validation.LedgerSyncStatus;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.ValidationConfig;
import no.klipp.terminal.validation.Validator;

/**
 * Run in a child JVM by {@link TerminalFootprintBench}: opens a ledger as the agent does, validates
 * the scans in a file, then prints the heap in use after garbage collection.
 */
public final class FootprintProbe {

  private FootprintProbe() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    List<String> scans = Files.readAllLines(Path.of(args[1]));
    try (Ledger ledger = Ledger.open(db, Ledger.Mode.EXISTING)) {
      Validator validator = new Validator(ledger, ValidationConfig.defaults("probe"),
          new TimeKeeper(Clock.systemUTC(), Validator.savedMark(ledger)), new Random(), new LedgerSyncStatus(ledger));
      int admitted = 0;
      for (String s : scans) {
        if (validator.validate(new Scan.Qr(s)).admitted()) {
          admitted++;
        }
      }
      System.out.println("READY " + admitted);
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(100);
      }
      Runtime rt = Runtime.getRuntime();
      System.out.println("HEAP " + (rt.totalMemory() - rt.freeMemory()));
    }
  }
}
