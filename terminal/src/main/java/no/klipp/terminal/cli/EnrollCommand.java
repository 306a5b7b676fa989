package no.klipp.terminal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import no.klipp.terminal.config.TerminalConfig;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.LedgerArchive;
import no.klipp.terminal.ledger.LedgerException;
import no.klipp.terminal.ledger.LedgerLock;
import no.klipp.terminal.ledger.Meta;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.ledger.Owner;
import no.klipp.terminal.ledger.Ownership;
import no.klipp.terminal.sync.Enrollment;
import no.klipp.terminal.sync.IdentityFile;
import no.klipp.terminal.sync.SyncClient;
import no.klipp.terminal.sync.SyncException;
import no.klipp.terminal.sync.SyncLoop;
import no.klipp.terminal.sync.SyncSettings;
import no.klipp.terminal.sync.TerminalIdentity;
import no.klipp.terminal.sync.TerminalSync;
import okhttp3.HttpUrl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code terminal enroll}: trades a one-time code for this terminal's credential, then loads its ledger. */
@Command(name = "enroll", description = "Enroll this terminal with the server using the one-time code an "
    + "administrator got when registering it, store the credential (sync.credential, mode 0600) and load the ledger. "
    + "Enrolled as another terminal or venue than the ledger's visits were recorded as, it archives the ledger "
    + "beside itself and starts a fresh one; it refuses while visits there have not reached the server.")
final class EnrollCommand implements Callable<Integer> {

  // The server accepts a used code again from the installation that used it, for a short while.
  private static final String NOT_ENROLLED = "Not enrolled: the credential is as it was (the same code is "
      + "accepted again from this machine for a few minutes; after that, ask for a new one).";

  @ParentCommand TerminalCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--server", required = true, paramLabel = "URL", description = "The server, e.g. https://klipp.example.no")
  String server;

  @Option(names = "--code", paramLabel = "CODE", description = "The one-time enrollment code; --code-stdin is "
      + "better, as a command line is visible to other users (ps) and kept in shell history and sudo's log")
  String code;

  @Option(names = "--code-stdin", description = "Read the one-time enrollment code from the first line of standard input")
  boolean codeStdin;

  @Option(names = "--insecure-http", description = "Allow a plain http:// server that is not this machine (a test "
      + "network only): the one-time code and then the terminal's token would cross the network readable")
  boolean insecureHttp;

  @Option(names = "--discard-unsent", description = "Enrolling as another terminal: start a fresh ledger even though "
      + "visits of the old one have not reached the server; they stay in the archived ledger file, never sent")
  boolean discardUnsent;

  @Override
  public Integer call() throws SyncException, IOException {
    Env env = parent.env;
    // Not parent.config(): that reads the credential, which may be the unreadable one this replaces.
    TerminalConfig config = parent.configAsWritten();
    HttpUrl url;
    try {
      url = SyncClient.serverUrl(server);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--server: " + e.getMessage());
    }
    if (!url.isHttps() && !SyncClient.isLoopback(url) && !insecureHttp) {
      // Refused before the code is read or sent: sent in clear, anyone on the way could enroll with it.
      throw new CommandLine.ParameterException(spec.commandLine(), "--server: " + url.redact() + " is not https://;"
          + " the enrollment code and the terminal's token would cross the network readable (--insecure-http on a"
          + " test network)");
    }
    String oneTimeCode = code(env);
    // Before the server is asked: with the agent running, the code is not spent on an enrollment that cannot finish.
    try (LedgerLock held = LedgerLock.take(config.ledger().path())) {
      return enroll(env, config, url, oneTimeCode);
    }
  }

  private Integer enroll(Env env, TerminalConfig config, HttpUrl url, String oneTimeCode)
      throws SyncException, IOException {
    IdentityFile file = new IdentityFile(config.sync().credential());
    Enrollment enrollment = new Enrollment(file, config.sync().loop().timeout(), env.clock(), env.random());
    Enrollment.Granted granted = enrollment.request(url, oneTimeCode, SyncSettings.SOFTWARE_VERSION);
    TerminalIdentity identity = granted.identity();
    // The ledger first: while it refuses, the old credential stays, and with it the way to send its visits.
    Optional<Archived> archived;
    try {
      archived = handOver(config.ledger().path(), granted, file);
    } catch (LedgerException e) {
      throw new LedgerException(e.problem(), e.getMessage() + ". " + NOT_ENROLLED, e);
    }
    enrollment.store(identity);
    env.out().println("Enrolled as terminal " + identity.terminalId() + " of "
        + (identity.venueName() == null ? "venue" : identity.venueName()) + " (" + identity.venueId() + ")");
    env.out().println("Credential stored in " + config.sync().credential());
    archived.ifPresent(a -> env.out().println(a));
    try (Ledger ledger = Ledger.open(config.ledger().path(), Ledger.Mode.CREATE)) {
      // A new enrollment may be for another venue: load a whole snapshot, not changes.
      ledger.setMeta(Meta.CURSOR, "");
      SyncLoop loop = TerminalSync.loop(ledger, identity, config.sync().loop(), env.clock(), env.random(), t -> { });
      loop.round();
      if (ledger.meta(Meta.CURSOR).filter(c -> !c.isBlank()).isPresent()) {
        env.out().println("Ledger loaded into " + ledger.path());
      } else {
        env.out().println("Ledger not loaded yet (" + loop.status().problem() + "); 'terminal run' will load it");
      }
    }
    return ExitCodes.OK;
  }

  /** The code from --code or, with --code-stdin, the first line of standard input; exactly one of them. */
  private String code(Env env) throws IOException {
    if ((code == null) == !codeStdin) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give the code with --code-stdin or --code (one of them)");
    }
    if (!codeStdin) {
      return code;
    }
    String line = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8)).readLine();
    if (line == null || line.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--code-stdin: no code on standard input");
    }
    return line.strip();
  }

  /** A ledger moved aside: where to, whose it was, and how many of its visits never reached the server. */
  private record Archived(Path path, Owner previous, long unsent) {
    @Override
    public String toString() {
      return "The ledger of terminal " + previous.terminalId() + " (venue " + previous.venueId() + ") is archived as "
          + path + (unsent == 0 ? "" : " with " + unsent + " visits never sent") + "; this terminal starts a fresh one";
    }
  }

  /**
   * Readies the ledger for the enrolled terminal: kept when its visits are that terminal's (a rotated
   * credential) or it has none; otherwise archived, as its visits and sequence numbers are another
   * terminal's, which this one can neither send nor count as its own. Either way its visits are
   * numbered above the server's last number from that terminal.
   */
  private Optional<Archived> handOver(Path path, Enrollment.Granted granted, IdentityFile file) {
    Owner next = new Owner(granted.identity().terminalId(), granted.identity().venueId());
    Owner previous;
    long unsent;
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.CREATE)) {
      Ownership ownership = new Ownership(ledger);
      Optional<Owner> owner = ownership.owner();
      if (owner.isEmpty() || owner.get().equals(next)) {
        ownership.claim(next, granted.serverLastSequence());
        return Optional.empty();
      }
      previous = owner.get();
      unsent = new Outbox(ledger).pendingCount();
    }
    if (unsent > 0 && !discardUnsent) {
      throw new UnsentVisitsException(unsentMessage(path, previous, unsent, next, sendable(file, previous)));
    }
    Path archive = LedgerArchive.archive(path, previous, parent.env.clock().instant());
    try (Ledger fresh = Ledger.open(path, Ledger.Mode.CREATE)) {
      new Ownership(fresh).claim(next, granted.serverLastSequence());
    }
    return Optional.of(new Archived(archive, previous, unsent));
  }

  /** Whether the stored credential is the previous owner's, which can still send its visits. */
  private static boolean sendable(IdentityFile file, Owner previous) {
    try {
      return file.load().filter(id -> id.terminalId().equals(previous.terminalId())).isPresent();
    } catch (IllegalStateException unreadable) {
      return false;
    }
  }

  private static String unsentMessage(Path path, Owner previous, long unsent, Owner next, boolean sendable) {
    String what = unsent + (unsent == 1 ? " visit" : " visits") + " recorded as terminal " + previous.terminalId()
        + " (venue " + previous.venueId() + ")";
    return "the ledger " + path + " holds " + what + " that the server has not received; enrolled as "
        + "terminal " + next.terminalId() + " (venue " + next.venueId() + "), this one could never send them; "
        + "the ledger is untouched. "
        + (sendable
            ? "Let 'terminal run' send them first ('terminal status' shows the visits waiting), then enroll again; "
                + "or enroll again with --discard-unsent, which keeps them in an archived copy of the ledger, unsent, "
                + "and starts a fresh one. "
            : "Enroll again with --discard-unsent to keep them in an archived copy of the ledger, unsent, "
                + "and start a fresh one. ")
        + NOT_ENROLLED;
  }
}
