package no.klipp.terminal.validation;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

/**
 * Run in a child JVM by {@link CrashTest}: validates the scans of a file in an endless loop and
 * prints the id of every admission once its verdict is given, until it is killed.
 */
public final class CrashChild {

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    List<String> scans = Files.readAllLines(Path.of(args[1]));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    ValidationConfig config = new ValidationConfig("crash", ZoneId.of("Europe/Oslo"), Duration.ZERO, Duration.ZERO,
        Duration.ofMinutes(2), Optional.empty(), true, OfflinePolicy.off());
    try (Ledger ledger = Ledger.open(Path.of(args[0]), Ledger.Mode.EXISTING)) {
      Validator validator = new Validator(ledger, config,
          new TimeKeeper(Clock.systemUTC(), Validator.savedMark(ledger)), new Random(), Optional::empty);
      out.println("READY");
      out.flush();
      for (int i = 0; ; i = (i + 1) % scans.size()) {
        Verdict v = validator.validate(new Scan.Qr(scans.get(i)));
        if (v.admitted()) {
          out.println(v.visitId());
          out.flush();
        }
      }
    }
  }
}
