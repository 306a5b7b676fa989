package no.klipp.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import no.klipp.server.auth.PasswordHasher;
import no.klipp.server.auth.Role;
import no.klipp.server.auth.UserService;
import no.klipp.server.db.ChangeCounter;
import no.klipp.server.db.Database;
import no.klipp.server.db.DatabaseConfig;
import no.klipp.server.retention.RetentionPolicy;
import no.klipp.server.retention.RetentionReport;
import no.klipp.server.scheme.MasterKey;
import no.klipp.server.scheme.Scheme;
import no.klipp.server.scheme.SchemeRequest;
import no.klipp.server.web.TrustedProxies;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sync-server} command: {@code serve}, {@code create-admin}, {@code retention} and {@code mark-restored}. Only wires. */
@Command(name = "sync-server", mixinStandardHelpOptions = true, version = "Klipp sync server 0.1",
    scope = CommandLine.ScopeType.INHERIT, // every subcommand answers --help (and --version) too
    subcommands = {Main.Serve.class, Main.CreateAdmin.class, Main.RetentionCommand.class, Main.MarkRestored.class,
        no.klipp.server.demo.DemoDataCommand.class},
    description = "The Klipp sync server: card issuance, administration and terminal sync.")
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Where data lives: SQLite under --data by default, or the database at --jdbc-url. */
  static final class Storage {
    @Option(names = "--data", description = "Data directory (SQLite file, master key). Default: ./data")
    Path data = Path.of("data");

    @Option(names = "--jdbc-url", description = "JDBC URL of a PostgreSQL database instead of SQLite")
    String jdbcUrl;

    @Option(names = "--db-user", description = "Database user")
    String user;

    @Option(names = "--db-password", description = "Database password (or env KLIPP_DB_PASSWORD)")
    String password;

    Database open() throws java.io.IOException {
      if (!Files.exists(data)) {
        // The database holds children's first names: readable by the server's user only.
        Files.createDirectories(data, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      }
      Path sqlite = data.resolve("klipp.db");
      if (jdbcUrl == null && !Files.exists(sqlite)) {
        // Also in a directory that was already there (./data made by the demo, or by hand) with
        // the umask's rwxr-xr-x: SQLite opens an empty file as a new database and gives its -wal
        // and -shm files the database file's mode.
        Files.createFile(sqlite, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      }
      String pw = password != null ? password : System.getenv("KLIPP_DB_PASSWORD");
      return Database.open(jdbcUrl == null ? DatabaseConfig.sqliteIn(data) : DatabaseConfig.of(jdbcUrl, user, pw));
    }

    MasterKey masterKey(SecureRandom random) {
      return MasterKey.loadOrCreate(data.resolve("master.key"), random);
    }
  }

  /** How long visits and names on expired cards are kept: the same options on serve and retention. */
  static final class Keep {
    @Option(names = "--keep-visits-years", paramLabel = "YEARS",
        description = "Keep visits for this many full calendar years after their year ended (at least 1). Default: 5")
    int visitYears = RetentionPolicy.DEFAULT.visitYears();

    @Option(names = "--keep-names-months", paramLabel = "MONTHS",
        description = "Erase a card holder's first name this many months after the card expired (0 or more)."
            + " Default: 12")
    int nameMonths = RetentionPolicy.DEFAULT.nameMonths();

    /** The policy, or null after telling {@code command} what is wrong. */
    RetentionPolicy policy(String command) {
      if (visitYears < 1) {
        System.err.println(command + ": --keep-visits-years must be at least 1, not " + visitYears);
        return null;
      }
      if (nameMonths < 0) {
        System.err.println(command + ": --keep-names-months must be 0 or more, not " + nameMonths);
        return null;
      }
      return new RetentionPolicy(visitYears, nameMonths);
    }
  }

  @Command(name = "serve", description = "Run the server.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Mixin
    Storage storage = new Storage();

    @CommandLine.Mixin
    Keep keep = new Keep();

    @Option(names = "--port", description = "HTTP port (default 8080)")
    int port = 8080;

    @Option(names = "--host", description = "Address to listen on (default 0.0.0.0)")
    String host = "0.0.0.0";

    @Option(names = "--trusted-proxies", split = ",", paramLabel = "ADDRESS[/PREFIX]",
        description = "Reverse proxies whose X-Forwarded-For gives the client's address (sign-in throttling),"
            + " comma-separated addresses or CIDR ranges; '' for none. Default: 127.0.0.1,::1")
    List<String> trustedProxies = new ArrayList<>(TrustedProxies.DEFAULT);

    @Override
    public Integer call() throws Exception {
      // Checked before anything is opened: a typo here fails at once, with the value named.
      TrustedProxies proxies;
      try {
        proxies = TrustedProxies.of(trustedProxies);
      } catch (IllegalArgumentException e) {
        System.err.println("serve: " + e.getMessage());
        return 2;
      }
      RetentionPolicy policy = keep.policy("serve");
      if (policy == null) {
        return 2;
      }
      SecureRandom random = new SecureRandom();
      Database db = storage.open();
      Server server = new Server(db, storage.masterKey(random), PasswordHasher.DEFAULT_COST, Clock.systemUTC(), random,
          proxies);
      server.cards.backfillFingerprints();
      server.retainDaily(policy);
      server.http.start(host, port);
      org.slf4j.LoggerFactory.getLogger(Main.class).info("Klipp sync server listening on {}:{} ({})", host,
          server.http.port(), db.dialect());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        db.close();
        stopped.countDown();
      }));
      stopped.await();
      return 0;
    }
  }

  @Command(name = "create-admin",
      description = "Create a scheme administrator; creates the scheme (and its issuing key) if it does not exist.")
  static final class CreateAdmin implements Callable<Integer> {
    @CommandLine.Mixin
    Storage storage = new Storage();

    @Option(names = "--scheme", required = true, description = "Scheme name, e.g. 'Opplevelseskortet Ålesund'")
    String scheme;

    @Option(names = "--municipality", description = "Municipality of the scheme; repeat for a region")
    List<String> municipalities;

    @Option(names = "--username", required = true)
    String username;

    @Option(names = "--password", description = "Password (or env KLIPP_ADMIN_PASSWORD, or asked)",
        interactive = true, arity = "0..1")
    char[] password;

    /** Asks on the terminal when neither --password nor KLIPP_ADMIN_PASSWORD gives one; null without a terminal. */
    java.util.function.Supplier<char[]> askPassword = () -> {
      java.io.Console console = System.console();
      return console == null || !console.isTerminal() ? null : console.readPassword("Password for %s: ", username);
    };

    @Override
    public Integer call() throws Exception {
      String pw = password != null ? new String(password) : System.getenv("KLIPP_ADMIN_PASSWORD");
      if (pw == null) {
        char[] asked = askPassword.get();
        pw = asked == null ? null : new String(asked);
      }
      if (pw == null) {
        System.err.println("create-admin: give --password or KLIPP_ADMIN_PASSWORD, or run it on a terminal to be asked");
        return 2;
      }
      SecureRandom random = new SecureRandom();
      // The server's background workers (statistics, uploads) stop before its database closes.
      try (Database db = storage.open();
          Server server = new Server(db, storage.masterKey(random), PasswordHasher.DEFAULT_COST, Clock.systemUTC(),
              random)) {
        Scheme s = server.schemes.byName(scheme).orElseGet(() -> server.schemes.create(
            new SchemeRequest(scheme, municipalities, null, null, null, null, null, null)));
        server.users.create(s.id(), new UserService.UserRequest(username, pw, Role.ADMIN, null));
        System.out.println("Administrator " + username + " created for scheme " + s.id() + " (" + s.name() + ")");
        return 0;
      } catch (no.klipp.server.web.ApiException e) {
        System.err.println("create-admin: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "retention",
      description = "Delete visits of long-closed years and erase first names on long-expired cards now"
          + " (serve does this once a day); prints counts only.")
  static final class RetentionCommand implements Callable<Integer> {
    @CommandLine.Mixin
    Storage storage = new Storage();

    @CommandLine.Mixin
    Keep keep = new Keep();

    @Option(names = "--dry-run", description = "Only count what would be deleted or erased")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      RetentionPolicy policy = keep.policy("retention");
      if (policy == null) {
        return 2;
      }
      SecureRandom random = new SecureRandom();
      try (Database db = storage.open();
          Server server = new Server(db, storage.masterKey(random), PasswordHasher.DEFAULT_COST, Clock.systemUTC(),
              random)) {
        RetentionReport r = server.retention(policy).run(dryRun);
        if (dryRun) {
          System.out.println("Dry run: nothing was changed.");
        }
        String deleted = dryRun ? " to delete: " : " deleted: ";
        System.out.println("Visits" + deleted + r.visits());
        System.out.println("Refused upload items" + deleted + r.refusedVisits());
        System.out.println("Usage rows" + deleted + r.cardUsage());
        System.out.println("First names" + (dryRun ? " to erase: " : " erased: ") + r.names());
        return 0;
      }
    }
  }

  @Command(name = "mark-restored",
      description = "Run once after restoring the database from a backup: every terminal then loads its ledger"
          + " anew at its next sync, since the restored database numbers its changes again from where the"
          + " backup stood. (restore.sh does this for PostgreSQL.)")
  static final class MarkRestored implements Callable<Integer> {
    @CommandLine.Mixin
    Storage storage = new Storage();

    @Override
    public Integer call() throws Exception {
      if (storage.jdbcUrl == null && !Files.exists(storage.data.resolve("klipp.db"))) {
        System.err.println("mark-restored: no database in " + storage.data + "; restore it there first");
        return 2;
      }
      long generation = new SecureRandom().nextLong(1, Long.MAX_VALUE);
      try (Database db = storage.open()) {
        db.transaction(sql -> {
          ChangeCounter.startGeneration(sql, generation);
          return null;
        });
      }
      System.out.println("Marked as restored: every terminal loads its ledger anew at its next sync.");
      return 0;
    }
  }
}
