package no.klipp.terminal.ledger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Moves a ledger aside so that a fresh one can take its place: renamed beside it with its owner
 * and the time ({@code ledger.<terminal>.<venue>.<yyyyMMddTHHmmssZ>.db}). An archive is deleted
 * {@link #KEEP} after it was made, unless it holds visits never sent: those stay for someone to
 * send or settle, and are logged every time archives are pruned.
 */
public final class LedgerArchive {

  private static final Logger log = LoggerFactory.getLogger(LedgerArchive.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /**
   * How long an archive with nothing unsent stays: time to notice an enrollment under the wrong
   * terminal and go back; the children's visits and cards in it are not kept longer than that.
   */
  public static final Duration KEEP = Duration.ofDays(30);

  private LedgerArchive() {}

  /**
   * Deletes the archives of the ledger at {@code path} made more than {@link #KEEP} before
   * {@code now} whose visits were all sent; returns the ones deleted. Archives it cannot read are
   * kept (and logged): what is in them is not known.
   */
  public static List<Path> prune(Path path, Instant now) {
    List<Path> deleted = new ArrayList<>();
    for (Archived a : archives(path)) {
      if (!a.at().isBefore(now.minus(KEEP))) {
        continue;
      }
      Path archive = a.file();
      long unsent;
      try (Ledger ledger = Ledger.open(archive, Ledger.Mode.EXISTING)) {
        unsent = new Outbox(ledger).pendingCount();
      } catch (LedgerException e) {
        log.warn("Archived ledger {} cannot be read, so it is kept: {}", archive, e.getMessage());
        continue;
      }
      if (unsent > 0) {
        log.warn("Archived ledger {} holds {} visits never sent; it is kept until they are sent or settled", archive,
            unsent);
        continue;
      }
      try {
        for (String companion : new String[] {"-wal", "-shm"}) {
          Files.deleteIfExists(archive.resolveSibling(archive.getFileName() + companion));
        }
        Files.delete(archive);
        deleted.add(archive);
        log.info("Deleted archived ledger {}, archived {}", archive, a.at());
      } catch (IOException e) {
        log.warn("Cannot delete archived ledger {}: {}", archive, e.toString());
      }
    }
    return deleted;
  }

  /** An archived ledger and when it was archived. */
  record Archived(Path file, Instant at) {}

  /** The archives of the ledger at {@code path} (beside it), oldest first. */
  static List<Archived> archives(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    // As target() names them: ids made safe hold no dot.
    Pattern archived = Pattern.compile(Pattern.quote(stem) + "\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.(\\d{8}T\\d{6}Z)"
        + Pattern.quote(extension));
    List<Archived> out = new ArrayList<>();
    Path dir = path.toAbsolutePath().getParent();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        Matcher m = archived.matcher(file.getFileName().toString());
        if (m.matches() && Files.isRegularFile(file)) {
          try {
            out.add(new Archived(file, Instant.from(STAMP.parse(m.group(1)))));
          } catch (DateTimeException notATime) {
            log.debug("{} is named like an archive but its time is not one", file);
          }
        }
      }
    } catch (IOException e) {
      log.warn("Cannot list archived ledgers in {}: {}", dir, e.toString());
    }
    out.sort(Comparator.comparing(Archived::at));
    return out;
  }

  /**
   * Archives the ledger at {@code path}, which must be closed, as {@code owner}'s at {@code now};
   * returns where it went. Refuses while another program (the terminal agent) has it open.
   */
  public static Path archive(Path path, Owner owner, Instant now) {
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(owner, "owner == null");
    if (!Files.isRegularFile(path)) {
      throw new LedgerException(LedgerException.Problem.MISSING, "no ledger at " + path + " to archive");
    }
    Path target = target(path, owner, now);
    checkAlone(path);
    try {
      // Without options: a rename in the same directory that fails rather than replace a file
      // (ATOMIC_MOVE would replace an earlier archive of the same name).
      Files.move(path, target);
      // A clean close removed the write-ahead log; should one be left, it belongs with its
      // database: beside the new ledger SQLite would take it for the new ledger's.
      for (String companion : new String[] {"-wal", "-shm"}) {
        Path file = path.resolveSibling(path.getFileName() + companion);
        if (Files.exists(file)) {
          Files.move(file, target.resolveSibling(target.getFileName() + companion));
        }
      }
    } catch (IOException e) {
      throw new LedgerException(LedgerException.Problem.STORAGE,
          "cannot archive the ledger " + path + " as " + target + ": " + e, e);
    }
    log.info("Ledger of terminal {} (venue {}) archived as {}", owner.terminalId(), owner.venueId(), target);
    return target;
  }

  static Path target(Path path, Owner owner, Instant now) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    return path.resolveSibling(stem + "." + safe(owner.terminalId()) + "." + safe(owner.venueId()) + "."
        + STAMP.format(now) + extension);
  }

  /** Ids as they are where they make a good file name; anything else (a slash, a space) as '_'. */
  private static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9_-]", "_");
    return s.isEmpty() ? "_" : s.substring(0, Math.min(s.length(), 64));
  }

  /**
   * Takes the database's exclusive lock once, which fails while any other connection has it open.
   * A program that opens it between this check and the rename keeps working on the archived file.
   */
  private static void checkAlone(Path path) {
    SQLiteConfig config = new SQLiteConfig();
    config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
    config.setBusyTimeout(1000);
    try (Connection c = config.createConnection("jdbc:sqlite:" + path); Statement s = c.createStatement()) {
      s.execute("BEGIN EXCLUSIVE");
      s.execute("COMMIT");
    } catch (SQLException e) {
      String code = e instanceof SQLiteException x ? x.getResultCode().name() : "";
      if (code.startsWith(SQLiteErrorCode.SQLITE_BUSY.name()) || code.startsWith(SQLiteErrorCode.SQLITE_LOCKED.name())) {
        throw new LedgerException(LedgerException.Problem.STORAGE, "the ledger " + path
            + " is open in another program (is the terminal agent running?): stop it first", e);
      }
      throw Ledger.translate(e, "archive the ledger " + path);
    }
  }
}
