package no.klipp.server.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import no.klipp.protocol.sync.Json;
import no.klipp.server.Server;
import no.klipp.server.auth.PasswordHasher;
import no.klipp.server.db.Database;
import no.klipp.server.db.DatabaseConfig;
import no.klipp.server.scheme.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sync-server demo-data}: fills a new SQLite data directory with the demo's data. */
@Command(name = "demo-data", description = "Fill a new data directory (SQLite) with demo data: a scheme over two "
    + "municipalities, six venues with offers, 200 cards, an administrator and two registered terminals. "
    + "Writes what the demo's terminals need (enrollment codes, card credentials) to --out.")
public final class DemoDataCommand implements Callable<Integer> {

  @Option(names = "--data", description = "Data directory; must not hold a database yet. Default: ./data/demo")
  Path data = Path.of("data", "demo");

  @Option(names = "--out", required = true, description = "Where to write the demo manifest (JSON)")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(data.resolve("klipp.db"))) {
      System.err.println("demo-data: " + data + " already holds a database; use an empty directory");
      return 2;
    }
    // The administrator's password and the terminals' enrollment codes: the user's only.
    Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    SecureRandom random = new SecureRandom();
    try (Database db = Database.open(DatabaseConfig.sqliteIn(data));
        Server server = new Server(db, MasterKey.loadOrCreate(data.resolve("master.key"), random),
            PasswordHasher.DEFAULT_COST, Clock.systemUTC(), random)) {
      DemoData.Manifest manifest = DemoData.seed(server, LocalDate.now(ZoneId.of("Europe/Oslo")), random);
      server.statsFolder.foldAll();
      Files.deleteIfExists(out);
      Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
      System.out.println("Demo data in " + data + ": scheme " + manifest.schemeName() + ", "
          + manifest.cards().size() + " cards, " + manifest.terminals().size() + " terminals registered");
    }
    return 0;
  }
}
