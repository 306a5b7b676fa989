package no.klipp.demo;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Owner;
import no.klipp.terminal.ledger.Ownership;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.sync.Enrollment;
import no.klipp.terminal.sync.IdentityFile;
import no.klipp.terminal.sync.SyncClient;
import no.klipp.terminal.sync.SyncConfig;
import no.klipp.terminal.sync.SyncLoop;
import no.klipp.terminal.sync.TerminalIdentity;
import no.klipp.terminal.sync.TerminalSync;
import no.klipp.terminal.validation.LedgerSyncStatus;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.ValidationConfig;
import no.klipp.terminal.validation.Validator;
import no.klipp.terminal.validation.Verdict;

/**
 * A real terminal in this JVM: its own SQLite ledger, enrolled with the server through the given
 * address (usually a {@link FaultProxy}), the real validator and the real sync loop. Tests drive
 * the loop a round at a time.
 */
final class TerminalFixture implements AutoCloseable {

  final Path dir;
  final TerminalIdentity identity;
  final Ledger ledger;
  final SyncLoop loop;
  final Validator validator;
  final TimeKeeper time;

  /** Enrolls with {@code code} at {@code server}, loads the ledger (retrying through faults) and builds the validator. */
  TerminalFixture(Path dir, String server, String code, SyncConfig sync, OfflinePolicy offline, long seed)
      throws Exception {
    this(dir, server, code, sync, offline, seed, Clock.systemUTC());
  }

  /** As above, with the terminal's wall clock {@code clock} (which may be wrong). */
  TerminalFixture(Path dir, String server, String code, SyncConfig sync, OfflinePolicy offline, long seed, Clock clock)
      throws Exception {
    this.dir = dir;
    Enrollment.Granted granted = enroll(dir, server, code, Duration.ofSeconds(10));
    this.identity = granted.identity();
    this.ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE);
    // As 'terminal enroll' does.
    new Ownership(ledger).claim(new Owner(identity.terminalId(), identity.venueId()), granted.serverLastSequence());
    this.time = new TimeKeeper(clock, Validator.savedMark(ledger));
    this.loop = TerminalSync.loop(ledger, identity, sync, clock, new Random(seed), time::observed);
    for (int i = 0; i < 200 && ledger.meta("cursor").isEmpty(); i++) {
      loop.round();
    }
    if (ledger.meta("cursor").isEmpty()) {
      throw new IllegalStateException("no snapshot after 200 rounds: " + loop.status());
    }
    ValidationConfig config = new ValidationConfig(identity.terminalId(), ZoneId.of("Europe/Oslo"), Duration.ZERO,
        Duration.ZERO, Duration.ofMinutes(2), Optional.empty(), true, offline);
    this.validator = new Validator(ledger, config, time, new Random(seed + 1), new LedgerSyncStatus(ledger));
  }

  private static Enrollment.Granted enroll(Path dir, String server, String code, Duration timeout) throws Exception {
    Enrollment enrollment = new Enrollment(new IdentityFile(dir.resolve("terminal.json")), timeout, Clock.systemUTC(),
        new java.util.Random());
    Exception last = null;
    // Enrollment itself asks again when an answer is lost (EnrollmentTest); this loop only rides
    // out a slow start.
    for (int i = 0; i < 5; i++) {
      try {
        return enrollment.enroll(SyncClient.serverUrl(server), code, "e2e");
      } catch (Exception e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw last;
  }

  /** Scans a card's QR credential. */
  Verdict scan(String credential) {
    return validator.validate(new Scan.Qr(credential));
  }

  /** Runs rounds until nothing waits or {@code max} rounds passed; the rounds run. */
  int drain(int max) {
    int rounds = 0;
    while (rounds < max) {
      loop.round();
      rounds++;
      if (loop.status().visitsWaiting() == 0 && loop.status().online()) {
        break;
      }
    }
    return rounds;
  }

  /** The id of every visit event recorded in this terminal's ledger. */
  List<String> recorded() {
    return recorded(ledger);
  }

  static List<String> recorded(Ledger ledger) {
    return ledger.read("list visits", c -> {
      List<String> ids = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM visit ORDER BY seq")) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    });
  }

  Instant now() {
    return Instant.now();
  }

  @Override
  public void close() {
    ledger.close();
  }
}
