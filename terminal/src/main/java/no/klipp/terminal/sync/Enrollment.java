package no.klipp.terminal.sync;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import no.klipp.protocol.sync.EnrollRequest;
import no.klipp.protocol.sync.EnrollResponse;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code terminal enroll}: trades a one-time code for this terminal's credential and stores it. */
public final class Enrollment {

  private static final Logger log = LoggerFactory.getLogger(Enrollment.class);

  private final IdentityFile file;
  private final Duration timeout;
  private final Clock clock;

  public Enrollment(IdentityFile file, Duration timeout, Clock clock) {
    this.file = Objects.requireNonNull(file, "file == null");
    this.timeout = Objects.requireNonNull(timeout, "timeout == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /** Enrolls with {@code server} using {@code code}; the stored identity replaces any earlier one. */
  public TerminalIdentity enroll(HttpUrl server, String code, String softwareVersion) throws SyncException, IOException {
    Objects.requireNonNull(server, "server == null");
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("enrollment code is empty");
    }
    SyncClient client = new SyncClient(server, null, timeout, clock);
    EnrollResponse r = client.enroll(new EnrollRequest(code.strip(), softwareVersion)).body();
    if (r.terminalId() == null || r.venueId() == null || r.token() == null || r.token().isBlank()) {
      throw new SyncException.BadResponse("enrollment answer lacks the terminal id, venue or token", 200, null);
    }
    TerminalIdentity identity = new TerminalIdentity(server.toString(), r.terminalId(), r.venueId(), r.venueName(),
        r.token());
    file.save(identity);
    log.info("Enrolled as terminal {} of venue {} at {}", r.terminalId(), r.venueId(), server);
    return identity;
  }
}
