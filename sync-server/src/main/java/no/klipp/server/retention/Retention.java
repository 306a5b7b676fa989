package no.klipp.server.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import no.klipp.server.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link RetentionPolicy} to every scheme: deletes raw visits of long-closed years (and
 * their usage rows), refused upload items as old, and the first names on long-expired cards. The
 * statistics and refunds read aggregate tables, so they stay as they were. Each chunk is its own
 * short transaction: a large first run never holds the write lock for long, and a failure leaves
 * whole chunks done and the rest for the next run.
 */
public final class Retention {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final Database db;
  private final Clock clock;
  private final RetentionPolicy policy;
  private final Runnable foldPending;
  private final VisitPurge visits;
  private final NameErasure names;

  /** {@code foldPending} folds the visits waiting for the statistics, so that old ones are not held back. */
  public Retention(Database db, Clock clock, RetentionPolicy policy, Runnable foldPending) {
    this.db = Objects.requireNonNull(db, "db == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.policy = Objects.requireNonNull(policy, "policy == null");
    this.foldPending = Objects.requireNonNull(foldPending, "foldPending == null");
    this.visits = new VisitPurge(db);
    this.names = new NameErasure(db);
  }

  public RetentionPolicy policy() {
    return policy;
  }

  /** Deletes and erases what the policy no longer keeps; {@code dryRun} only counts it. */
  public RetentionReport run(boolean dryRun) {
    if (!dryRun) {
      foldPending.run();
    }
    List<SchemeZone> schemes = db.read(sql -> sql.list("SELECT id, time_zone FROM scheme ORDER BY id",
        r -> new SchemeZone(r.longValue("id"), ZoneId.of(r.string("time_zone")))));
    RetentionReport report = RetentionReport.NONE;
    for (SchemeZone scheme : schemes) {
      LocalDate today = LocalDate.now(clock.withZone(scheme.zone()));
      report = report.plus(visits.purge(scheme.id(), visitsBefore(today, scheme.zone()), dryRun));
      long erased = names.erase(scheme.id(), namesBefore(today), dryRun);
      report = report.plus(new RetentionReport(0, 0, 0, erased));
    }
    log.info("Retention{}: {} visits, {} refused items, {} usage rows, {} names", dryRun ? " (dry run)" : "",
        report.visits(), report.refusedVisits(), report.cardUsage(), report.names());
    return report;
  }

  /**
   * The start of the oldest calendar year still kept, in the scheme's zone (where its statistics
   * and refunds put a visit's day). Year Y ends when Y + 1 begins; it has ended {@code visitYears}
   * full years ago once year Y + 1 + visitYears begins: in 2026, with five, 2020 goes and 2021 stays.
   */
  Instant visitsBefore(LocalDate today, ZoneId zone) {
    return LocalDate.of(today.getYear() - policy.visitYears(), 1, 1).atStartOfDay(zone).toInstant();
  }

  /** A card valid until a day before this has ended more than {@code nameMonths} months ago. */
  LocalDate namesBefore(LocalDate today) {
    return today.minusMonths(policy.nameMonths());
  }

  private record SchemeZone(long id, ZoneId zone) {}
}
