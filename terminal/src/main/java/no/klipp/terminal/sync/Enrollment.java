package no.klipp.terminal.sync;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Objects;
import java.util.random.RandomGenerator;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.EnrollResponse;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code terminal enroll}: trades a one-time code for this terminal's credential and stores it. */
public final class Enrollment {

  private static final Logger log = LoggerFactory.getLogger(Enrollment.class);

  /** Calls made when no answer arrives; the server knows the installation asking again. */
  static final int ATTEMPTS = 3;

  private final IdentityFile file;
  private final Duration timeout;
  private final Clock clock;
  private final RandomGenerator random;
  private final Path machineId;

  public Enrollment(IdentityFile file, Duration timeout, Clock clock, RandomGenerator random) {
    this(file, timeout, clock, random, InstallationId.MACHINE_ID);
  }

  Enrollment(IdentityFile file, Duration timeout, Clock clock, RandomGenerator random, Path machineId) {
    this.file = Objects.requireNonNull(file, "file == null");
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.random = Objects.requireNonNull(random, "random == null");
    this.machineId = Objects.requireNonNull(machineId, "machineId == null");
  }

  /**
   * What enrolling gave: the terminal's identity, and the highest sequence number the server holds
   * from it (0 for a new terminal or from a server too old to say), for the ledger to number above.
   */
  public record Granted(TerminalIdentity identity, long serverLastSequence) {}

  /** Enrolls with {@code server} using {@code code}; the stored identity replaces any earlier one. */
  public Granted enroll(HttpUrl server, String code, String softwareVersion) throws SyncException, IOException {
    Granted granted = request(server, code, softwareVersion);
    store(granted.identity());
    return granted;
  }

  /**
   * Trades {@code code} for this terminal's identity without storing it, for a caller that checks
   * first whether it can take it on; {@link #store} then stores it.
   */
  public Granted request(HttpUrl server, String code, String softwareVersion) throws SyncException {
    Objects.requireNonNull(server, "server == null");
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("enrollment code is empty");
    }
    SyncClient client = new SyncClient(server, null, timeout, clock);
    EnrollRequest request = new EnrollRequest(code.strip(), softwareVersion,
        InstallationId.of(code, machineId, random));
    EnrollResponse r = call(client, request);
    if (r.terminalId() == null || r.venueId() == null || r.token() == null || r.token().isBlank()) {
      throw new SyncException.BadResponse("enrollment answer lacks the terminal id, venue or token", 200, null);
    }
    long serverLast = r.lastSequence() == null ? 0 : r.lastSequence();
    if (serverLast < 0) {
      throw new SyncException.BadResponse("enrollment answer has a negative last sequence number", 200, null);
    }
    return new Granted(new TerminalIdentity(server.toString(), r.terminalId(), r.venueId(), r.venueName(), r.token()),
        serverLast);
  }

  /** Stores {@code identity}, replacing any earlier one. */
  public void store(TerminalIdentity identity) throws IOException {
    file.save(identity);
    log.info("Enrolled as terminal {} of venue {} at {}", identity.terminalId(), identity.venueId(), identity.server());
  }

  /**
   * Asks up to {@link #ATTEMPTS} times while no usable answer arrives: the code may have been used
   * by a call whose answer was lost, and the same installation asking again gets a new token.
   */
  private static EnrollResponse call(SyncClient client, EnrollRequest request) throws SyncException {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.enroll(request).body();
      } catch (SyncException.Unreachable | SyncException.BadResponse | SyncException.ServerTrouble e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        log.info("No answer to enrollment ({}); asking again", e.getMessage());
      }
    }
  }
}
