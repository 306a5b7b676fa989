package no.klipp.terminal.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Deletes the visits the terminal no longer needs, so the ledger on the SD card does not keep
 * every child's visits since installation: those the server acknowledged, that no quota period
 * still open can count, and that are older than {@link #GAP_MARGIN}; and the other terminals'
 * usage counts of periods long closed.
 */
public final class Retention {

  /**
   * How long acknowledged visits stay for a server restored from a backup to ask for again (a
   * sequence gap); past it a gap is the server's to repair.
   */
  public static final Duration GAP_MARGIN = Duration.ofDays(30);

  // A visit is a candidate when acknowledged, not refused (staff review those), and counted in a
  // period with a key: 'ALL' counts for ever. Offers with a capacity count every admission of
  // this terminal for ever (VisitLog.offerAdmissions), so their visits stay too. The newest visit
  // always stays: seq is a rowid without AUTOINCREMENT, and an emptied table would hand out used
  // sequence numbers again.
  private static final String CANDIDATE = "acked = 1 AND at < ?1 AND period <> 'ALL'"
      + " AND seq < (SELECT max(seq) FROM visit)"
      + " AND id NOT IN (SELECT visit_id FROM sync_refusal)"
      + " AND offer_id NOT IN (SELECT id FROM offer WHERE capacity IS NOT NULL)";

  private final Ledger ledger;

  public Retention(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
  }

  /** The time before which visits may go: the earlier of {@link #GAP_MARGIN} ago and the start of last year. */
  public static Instant cutoff(Instant now) {
    // A card year that is open today began at most a year ago, so no open period (year, card
    // year, or shorter) began before 1 January of last year. The venue's zone is not known here:
    // a day earlier covers every time zone.
    LocalDate lastYear = LocalDate.ofInstant(now, ZoneOffset.UTC).minusYears(1).withDayOfYear(1).minusDays(1);
    Instant yearStart = lastYear.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant margin = now.minus(GAP_MARGIN);
    return yearStart.isBefore(margin) ? yearStart : margin;
  }

  /**
   * Admissions deleted per transaction: the ledger is locked while one runs, and scans wait for
   * it. After New Year a whole year of visits goes at once.
   */
  static final int CHUNK = 2_000;

  /**
   * Deletes the visits not needed any more at {@code now}, and the usage counts of periods closed
   * by then; returns how many visits.
   */
  public int prune(Instant now) {
    long before = cutoff(now).toEpochMilli();
    long last = ledger.read("find old visits", c -> {
      PreparedStatement ps = ledger.prepare("SELECT coalesce(max(seq), 0) FROM visit WHERE at < ?");
      ps.setLong(1, before);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
    int deleted = 0;
    for (long start = 1; start <= last; start += CHUNK) {
      long from = start;
      long to = Math.min(last, start + CHUNK - 1);
      deleted += ledger.write("delete old admissions", c -> {
        PreparedStatement ps = ledger.prepare(
            "DELETE FROM visit WHERE seq BETWEEN ?2 AND ?3 AND kind = 'ADMISSION' AND " + CANDIDATE);
        ps.setLong(1, before);
        ps.setLong(2, from);
        ps.setLong(3, to);
        return ps.executeUpdate();
      });
    }
    // A void or companions event goes only with its admission: a void deleted before it would
    // count the admission against the quota again. The admissions' ids are listed once (there is
    // no index on id): looked up per correction, each one scanned the whole table, minutes in all.
    deleted += ledger.write("delete old corrections", c -> {
      PreparedStatement ps = ledger.prepare("DELETE FROM visit WHERE kind <> 'ADMISSION' AND " + CANDIDATE
          + " AND refers_to NOT IN (SELECT id FROM visit WHERE kind = 'ADMISSION')");
      ps.setLong(1, before);
      return ps.executeUpdate();
    });
    int counts = ledger.write("delete closed usage counts", c -> {
      // Other terminals' counts of periods that have closed. A terminal kept up by deltas never
      // loads the snapshot that would leave them out, and they say where each child went. A
      // period that began in the year before last or earlier (a card year at the latest on its
      // 31 December) has ended by now; counts of offers with a capacity stay, as their visits do.
      PreparedStatement ps = ledger.prepare("DELETE FROM usage WHERE period <> 'ALL'"
          + " AND CAST(CASE WHEN period LIKE 'C%' THEN substr(period, 2, 4) ELSE substr(period, 1, 4) END AS INTEGER) <= ?"
          + " AND offer_id NOT IN (SELECT id FROM offer WHERE capacity IS NOT NULL)");
      ps.setInt(1, LocalDate.ofInstant(now, ZoneOffset.UTC).getYear() - 2);
      return ps.executeUpdate();
    });
    if (deleted > 0 || counts > 0) {
      ledger.pruned();
    }
    return deleted;
  }
}
