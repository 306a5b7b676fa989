package no.klipp.demo;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.server.Server;
import no.klipp.server.auth.PasswordHasher;
import no.klipp.server.card.CardRequest;
import no.klipp.server.card.IssuedCard;
import no.klipp.server.db.Database;
import no.klipp.server.db.DatabaseConfig;
import no.klipp.server.offer.OfferRequest;
import no.klipp.server.scheme.MasterKey;
import no.klipp.server.scheme.SchemeRequest;
import no.klipp.server.venue.Category;
import no.klipp.server.venue.VenueRequest;

/**
 * The real sync server in this JVM, on SQLite in a directory of its own and a random port; it can
 * be stopped and started again on the same data, as a restarted server would be.
 */
final class ServerFixture implements AutoCloseable {

  /** A visit as the server stored it. */
  record Stored(String id, String terminalId, long sequence, String flags, long terminalTime, long receivedAt) {}

  /** What {@link #seed} made: the venue, its offer, and the cards' QR credentials. */
  record Seeded(long schemeId, String venueId, String offerId, List<String> credentials, List<String> numbers) {}

  private final Path dir;
  private final SecureRandom random = new SecureRandom();
  private Database db;
  Server server;

  ServerFixture(Path dir) {
    this.dir = dir;
    start();
  }

  void start() {
    db = Database.open(DatabaseConfig.sqliteIn(dir));
    server = new Server(db, MasterKey.loadOrCreate(dir.resolve("master.key"), random),
        new PasswordHasher(1024, 1, random), Clock.systemUTC(), random);
    server.http.start("127.0.0.1", 0);
  }

  void stop() {
    // The whole server, its background folding included: left running, it went on trying a
    // closed database every few seconds for the rest of the test run.
    server.close();
    db.close();
  }

  /** Stops and starts on the same data; the new port is returned. */
  int restart() {
    stop();
    start();
    return port();
  }

  /** Copies the stopped server's database to {@code backup}. */
  void backup(Path backup) throws java.io.IOException {
    java.nio.file.Files.createDirectories(backup);
    for (String f : List.of("klipp.db", "klipp.db-wal", "klipp.db-shm")) {
      Path p = dir.resolve(f);
      java.nio.file.Files.deleteIfExists(backup.resolve(f));
      if (java.nio.file.Files.exists(p)) {
        java.nio.file.Files.copy(p, backup.resolve(f));
      }
    }
  }

  /** Puts the stopped server's database back as it was in {@code backup}. */
  void restore(Path backup) throws java.io.IOException {
    for (String f : List.of("klipp.db", "klipp.db-wal", "klipp.db-shm")) {
      java.nio.file.Files.deleteIfExists(dir.resolve(f));
      if (java.nio.file.Files.exists(backup.resolve(f))) {
        java.nio.file.Files.copy(backup.resolve(f), dir.resolve(f));
      }
    }
  }

  int port() {
    return server.http.port();
  }

  /** A scheme, a venue and one offer ({@code quota} null: unlimited), and {@code cards} cards. */
  Seeded seed(String name, int cards, Integer quota) {
    var scheme = server.schemes.create(new SchemeRequest(name, List.of("Røros", "Holtålen"), null, 5, 18, 12, 1, true));
    var venue = server.venues.create(scheme.id(), new VenueRequest("Kino " + name, Category.CINEMA));
    var offer = server.offers.create(venue.id(), new OfferRequest("Kinobillett", quota, QuotaPeriod.CALENDAR_YEAR, 1,
        null, null, null, null, 9000L, 100, false));
    List<CardRequest> requests = new ArrayList<>();
    int year = LocalDate.now(ZoneId.of("Europe/Oslo")).getYear();
    for (int i = 0; i < cards; i++) {
      requests.add(new CardRequest("Barn" + i, year - 6 - (i % 10), null, false));
    }
    List<String> credentials = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    for (IssuedCard c : server.cards.issueBatch(scheme.id(), requests)) {
      credentials.add(c.credential());
      numbers.add(c.card().cardNumber());
    }
    return new Seeded(scheme.id(), venue.id(), offer.id(), Collections.unmodifiableList(credentials), numbers);
  }

  /** Registers an unattended terminal (no holders' names) for the venue; its one-time enrollment code. */
  String register(String venueId, String name) {
    return register(venueId, name, false);
  }

  /** Registers a terminal for the venue, a staffed desk or not; its one-time enrollment code. */
  String register(String venueId, String name, boolean staffed) {
    return server.terminals.register(venueId, name, staffed).enrollmentCode();
  }

  /** Every visit the server stored, read straight from its database file. */
  List<Stored> visits() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("klipp.db").toAbsolutePath());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT id, terminal_id, sequence, flags, terminal_time, received_at FROM visit ORDER BY terminal_id, sequence")) {
      List<Stored> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Stored(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getLong(6)));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the server's visits", e);
    }
  }

  /** The card number of a stored visit. */
  String cardOf(String visitId) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("klipp.db").toAbsolutePath());
        var ps = c.prepareStatement("SELECT card_number FROM visit WHERE id = ?")) {
      ps.setString(1, visitId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "";
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the server's visits", e);
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (RuntimeException e) {
      // already stopped
    }
  }
}
