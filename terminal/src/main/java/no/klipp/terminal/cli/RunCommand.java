package no.klipp.terminal.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import no.klipp.terminal.config.TerminalConfig;
import no.klipp.terminal.display.Screen;
import no.klipp.terminal.ledger.LedgerException;
import no.klipp.terminal.ledger.LedgerLock;
import no.klipp.terminal.device.DeviceConfig;
import no.klipp.terminal.device.DeviceFactory;
import no.klipp.terminal.device.Devices;
import no.klipp.terminal.feedback.VerdictFeedback;
import no.klipp.terminal.scan.ReadProblem;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.scan.ScanListener;
import no.klipp.terminal.sync.TerminalIdentity;
import no.klipp.terminal.sync.TerminalSync;
import no.klipp.terminal.validation.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code terminal run}: the agent. Loads the configuration and the ledger, then validates what the
 * readers deliver (the devices.* configuration: NFC, camera, hand scanner, standard input), shows
 * each verdict on the lights, gate and display, and prints it (as a service only when asked: a
 * verdict line holds the card number, and a service's stdout may end up in any log).
 */
@Command(name = "run", description = "Run the terminal agent: validate scans from the configured readers (devices.*; standard input by default).")
final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @ParentCommand TerminalCommand parent;

  @Option(names = "--keep-running",
      description = "Run until stopped even when the readers end, as the service does: the display, "
          + "where staff type card numbers, and the sync go on.")
  boolean keepRunning;

  @Option(names = "--verdicts",
      description = "With --keep-running, print each verdict on stdout all the same (one JSON line, with the card "
          + "number); without --keep-running they are always printed.")
  boolean verdicts;

  @Override
  public Integer call() throws InterruptedException, java.io.IOException {
    // SIGTERM (systemctl stop) wakes the main thread, which then closes the sync, the display and
    // the ledger in order; the hook waits for that so nothing is cut off mid-write.
    CountDownLatch closed = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    Thread hook = new Thread(() -> {
      main.interrupt();
      try {
        closed.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "terminal-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runAgent();
    } catch (InterruptedException stopped) {
      log.info("Stopping");
      return ExitCodes.OK;
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for the count-down above
      }
    }
  }

  private Integer runAgent() throws InterruptedException, java.io.IOException {
    TerminalConfig config = parent.config();
    // Held until the agent ends (the OS releases it should the JVM die): the CLI's writing commands
    // refuse meanwhile, as the agent keeps the roster and counts in memory and numbers visits itself.
    try (LedgerLock held = LedgerLock.take(config.ledger().path())) {
      return serve(parent.env, config);
    }
  }

  private Integer serve(Env env, TerminalConfig config) throws InterruptedException, java.io.IOException {
    Optional<TerminalIdentity> identity = Enrolled.identity(config);
    if (identity.isPresent()) {
      // An enrolled terminal gets its ledger from the server; wait for it the first time.
      TerminalSync.loadLedger(config.ledger().path(), identity.get(), config.sync().loop(), env.clock(), env.random(),
          problem -> env.err().println("terminal: waiting for the ledger from the server: " + problem));
    }
    DeviceConfig devices = DeviceConfig.load(Optional.ofNullable(parent.configFile));
    try (Session session = Session.open(config, env);
        TerminalSync sync = identity.map(id -> TerminalSync.start(session.ledger, id, config.sync().loop(), env.clock(),
            env.random(), session.validator::serverTime, () -> session.time.now().instant())).orElse(null);
        Screen screen = Screen.start(config.display(), session.validator, session.ledger, env.clock(), env.random(),
            () -> { if (sync != null) sync.visitRecorded(); });
        // Simulated lights, gate and display print on stderr: stdout carries the verdicts.
        Devices readers = DeviceFactory.system(env.err(), env.in(), env.clock()).create(devices)) {
      // A service's stdout may go to a journal or another supervisor's log: no card numbers there unless asked.
      VerdictWriter out = new VerdictWriter(
          keepRunning && !verdicts ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) : env.out(), false);
      VerdictFeedback entrance = new VerdictFeedback(readers.feedback());
      ScanListener listener = new ScanListener() {
        @Override
        public void scanned(Scan scan) {
          try {
            Verdict verdict = screen.validate(scan);
            entrance.show(verdict);
            out.verdict(verdict);
            if (sync != null) {
              sync.visitRecorded();
            }
          } catch (LedgerException e) {
            log.warn("Scan not recorded: {}", e.getMessage());
            entrance.fault();
            out.error(e);
          }
        }

        @Override
        public void unreadable(ReadProblem problem) {
          entrance.unreadable(problem);
          screen.unreadable(problem);
        }
      };
      log.info("Terminal ready: ledger {}, {}", session.ledger.path(),
          identity.map(id -> "syncing with " + id.server()).orElse("not enrolled: no sync"));
      readers.scans().start(listener);
      readers.awaitEnd();
      if (keepRunning) {
        log.info("The readers have ended; running on until stopped");
        new CountDownLatch(1).await();
      }
    }
    return ExitCodes.OK;
  }
}
