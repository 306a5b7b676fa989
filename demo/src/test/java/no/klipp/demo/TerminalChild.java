package no.klipp.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.sync.IdentityFile;
import no.klipp.terminal.sync.SyncConfig;
import no.klipp.terminal.sync.TerminalIdentity;
import no.klipp.terminal.sync.TerminalSync;
import no.klipp.terminal.validation.LedgerSyncStatus;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.ValidationConfig;
import no.klipp.terminal.validation.Validator;

/**
 * A terminal in a child JVM for the SIGKILL test: validates scans in a loop while its sync thread
 * uploads, until it is killed. Args: terminal directory, file of QR credentials (one per line), seed.
 */
public final class TerminalChild {

  private TerminalChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    List<String> credentials = Files.readAllLines(Path.of(args[1]));
    Random random = new Random(Long.parseLong(args[2]));
    TerminalIdentity identity = new IdentityFile(dir.resolve("terminal.json")).load().orElseThrow();
    Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING);
    TimeKeeper time = new TimeKeeper(Clock.systemUTC(), Validator.savedMark(ledger));
    SyncConfig sync = new SyncConfig(15, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMillis(5),
        Duration.ofMillis(50), Duration.ZERO, "child");
    Validator validator = new Validator(ledger, new ValidationConfig(identity.terminalId(), ZoneId.of("Europe/Oslo"),
        Duration.ZERO, Duration.ZERO, Duration.ofMinutes(2), Optional.empty(), true, OfflinePolicy.off()),
        time, random, new LedgerSyncStatus(ledger));
    TerminalSync terminalSync = TerminalSync.start(ledger, identity, sync, Clock.systemUTC(), random, time::observed,
        () -> time.now().instant());
    System.out.println("ready");
    System.out.flush();
    while (true) {
      validator.validate(new Scan.Qr(credentials.get(random.nextInt(credentials.size()))));
      terminalSync.visitRecorded();
      Thread.sleep(1);
    }
  }
}
