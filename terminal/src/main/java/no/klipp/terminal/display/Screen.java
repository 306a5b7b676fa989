package no.klipp.terminal.display;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.random.RandomGenerator;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.sync.LedgerStatusStore;
import no.klipp.terminal.scan.ReadProblem;
import no.klipp.terminal.sync.SyncStatus;
import no.klipp.terminal.validation.LedgerSyncStatus;
import no.klipp.terminal.validation.Validator;
import no.klipp.terminal.validation.Verdict;

/**
 * The screen as the agent runs it: when {@code display.enabled}, every scan's verdict goes to the
 * page on localhost and the desk's buttons act on the validator; when not, scans go straight to
 * the validator.
 */
public final class Screen implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Screen.class);

  private static final Duration STATUS_EVERY = Duration.ofSeconds(2);

  private final Validator validator;
  private final Display display;
  private final ValidatorDesk desk;
  private final DisplayServer server;
  private final StatusFeed status;

  private Screen(
      Validator validator, Display display, ValidatorDesk desk, DisplayServer server, StatusFeed status) {
    this.validator = validator;
    this.display = display;
    this.desk = desk;
    this.server = server;
    this.status = status;
  }

  /** Starts the display as {@code config} says (or nothing, when it is disabled). */
  public static Screen start(
      DisplayConfig config, Validator validator, Ledger ledger, Clock clock, RandomGenerator random)
      throws IOException {
    return start(config, validator, ledger, clock, random, () -> {});
  }

  /**
   * Starts the display; {@code recorded} runs after a desk action may have recorded a visit (a
   * typed card, a companion, an undo), e.g. to wake the sync loop.
   */
  public static Screen start(
      DisplayConfig config, Validator validator, Ledger ledger, Clock clock, RandomGenerator random,
      Runnable recorded)
      throws IOException {
    Objects.requireNonNull(recorded, "recorded == null");
    Objects.requireNonNull(validator, "validator == null");
    if (!config.enabled()) {
      return new Screen(validator, null, null, null, null);
    }
    if (config.mode() == DisplayMode.STAFF && !staffedDesk(ledger)) {
      log.warn("display.mode is staff, but the server has this terminal registered as unattended: showing the"
          + " entrance screen. Mark the terminal staffed on the server, or set display.mode=entrance.");
    }
    // Installed with the wrong option, or marked unattended while running: the server's word wins
    // at once, so no desk button, name or refusal's reason is ever within reach of a child at an
    // unattended entrance.
    Display display = new Display(config.mode(), random, () -> staffedDesk(ledger));
    LedgerStatusStore sync = new LedgerStatusStore(ledger);
    LedgerSyncStatus lastSync = new LedgerSyncStatus(ledger);
    Outbox outbox = new Outbox(ledger);
    StatusFeed status =
        StatusFeed.start(
            () -> {
              Optional<SyncStatus> saved = sync.load();
              // Last sync: the latest of a snapshot import, an upload and a download.
              Instant last =
                  Stream.of(
                          lastSync.lastSuccessfulSync().orElse(null),
                          saved.map(SyncStatus::lastUpload).orElse(null),
                          saved.map(SyncStatus::lastDownload).orElse(null))
                      .filter(Objects::nonNull)
                      .max(Comparator.naturalOrder())
                      .orElse(null);
              return new StatusView(
                  saved.map(SyncStatus::online).orElse(false),
                  (int) Math.min(Integer.MAX_VALUE, outbox.pendingCount()),
                  last);
            },
            STATUS_EVERY,
            display);
    ValidatorDesk desk =
        new ValidatorDesk(
            validator, ledger, display,
            () -> {
              status.refresh();
              recorded.run();
            });
    DisplayServer server;
    try {
      server = DisplayServer.start(config, display, desk, new Messages(), clock);
    } catch (IOException | RuntimeException e) {
      status.close();
      throw e;
    }
    return new Screen(validator, display, desk, server, status);
  }

  /** False when the ledger's last snapshot said this terminal is not registered as a staffed desk. */
  static boolean staffedDesk(Ledger ledger) {
    return !"false".equals(ledger.meta(no.klipp.terminal.ledger.Meta.STAFFED).orElse(null));
  }

  /** Validates a scan from a reader and, with a display, shows the verdict. */
  public Verdict validate(Scan scan) {
    return desk == null ? validator.validate(scan) : desk.scan(scan);
  }

  /**
   * A card was presented but could not be read: the screen says "try again" rather than staying
   * silent. Nothing is recorded, and the desk's buttons still act on the last admission.
   */
  public void unreadable(ReadProblem problem) {
    if (display != null) {
      // A card read whole that holds no credential of ours will never read better: sent to the
      // desk, as the lights and the character display say; anything else is worth another try.
      display.show(VerdictView.refused(problem == ReadProblem.NO_CREDENTIAL
          ? VerdictReason.UNKNOWN_CARD : VerdictReason.INVALID_CODE));
    }
  }

  /** The port the display serves on, or -1 when disabled. */
  public int port() {
    return server == null ? -1 : server.port();
  }

  @Override
  public void close() {
    if (status != null) {
      status.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
