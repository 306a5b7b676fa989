package no.klipp.server.stats;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;
import no.klipp.server.db.Database;
import no.klipp.server.db.Dialect;
import no.klipp.server.db.Sql;
import no.klipp.server.visit.StoredVisits;
import no.klipp.server.visit.VisitColumns;
import no.klipp.server.visit.VisitRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the dashboard's pre-aggregated counts (see V20__dashboard_statistics.sql) correct as visits
 * arrive, called by {@link StatsFolder} for visits stored since its last fold. A void takes back the admission it refers to
 * (its visit, companions and flags) in that admission's day and month; added companions count in
 * their admission's day. A correction refers only to an admission of its own venue. Rows are
 * written in one fixed order of tables and keys, so concurrent uploads on PostgreSQL queue on row
 * locks instead of deadlocking.
 */
public final class StatsRecorder implements StoredVisits {

  private static final Logger log = LoggerFactory.getLogger(StatsRecorder.class);
  /** Rows per multi-row upsert: few round trips, far below both dialects' parameter limits. */
  private static final int CHUNK = Upsert.CHUNK;
  /** The month before every month: a card's first month of use has this as its previous month. */
  static final String NEVER = "0000-00";
  /** Birth year of a card the server does not know (visits admitted on a credential alone). */
  static final int UNKNOWN_BIRTH_YEAR = -1;

  /** The admission a visit event counts for. */
  private record Anchor(String offerId, String venueId, String cardNumber, Instant time, int companions,
      boolean conflict, boolean unverified) {}

  /** Counts to add for one offer and day (also summed per venue and month). */
  private static final class Counts {
    long admissions;
    long voids;
    long companions;
    long conflicts;
    long unverified;
  }

  private record OfferDay(String offerId, LocalDate day) implements Comparable<OfferDay> {
    public int compareTo(OfferDay o) {
      int c = offerId.compareTo(o.offerId);
      return c != 0 ? c : day.compareTo(o.day);
    }
  }

  private record CardVenueMonth(String venueId, String month, String cardNumber) implements Comparable<CardVenueMonth> {
    public int compareTo(CardVenueMonth o) {
      int c = venueId.compareTo(o.venueId);
      c = c != 0 ? c : month.compareTo(o.month);
      return c != 0 ? c : cardNumber.compareTo(o.cardNumber);
    }
  }

  record CardMonth(String cardNumber, String month) implements Comparable<CardMonth> {
    public int compareTo(CardMonth o) {
      int c = cardNumber.compareTo(o.cardNumber);
      return c != 0 ? c : month.compareTo(o.month);
    }
  }

  /** Everything one call adds, per table, in key order. */
  private static final class Deltas {
    final long schemeId;
    final Map<OfferDay, Counts> offerDays = new TreeMap<>();
    final Map<OfferDay, String> offerDayVenue = new HashMap<>();
    final Map<CardVenueMonth, Long> cardVenueMonths = new TreeMap<>();
    final Map<CardMonth, Long> cardMonths = new TreeMap<>();
    final Map<String, Integer> birthYears = new HashMap<>();
    final Map<String, long[]> birthMonths = new TreeMap<>();

    Deltas(long schemeId) {
      this.schemeId = schemeId;
    }
  }

  @Override
  public void stored(Sql sql, List<VisitRow> rows) throws SQLException {
    Map<Long, List<VisitRow>> byScheme = new TreeMap<>();
    for (VisitRow r : rows) {
      byScheme.computeIfAbsent(r.schemeId(), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<Long, List<VisitRow>> e : byScheme.entrySet()) {
      record(sql, e.getKey(), e.getValue());
    }
  }

  private void record(Sql sql, long schemeId, List<VisitRow> rows) throws SQLException {
    ZoneId zone = ZoneId.of(sql.one("SELECT time_zone FROM scheme WHERE id = ?", r -> r.string("time_zone"), schemeId)
        .orElseThrow());
    Map<UUID, Anchor> admissions = admissionsReferredTo(sql, rows);
    Deltas d = new Deltas(schemeId);
    for (VisitRow row : rows) {
      var v = row.visit();
      switch (v.kind()) {
        case ADMISSION -> {
          Anchor a = new Anchor(v.offerId(), v.venueId(), v.cardNumber(), v.terminalTime(), v.companions(),
              row.flags().contains(VisitFlag.OFFLINE_CONFLICT), row.flags().contains(VisitFlag.CLOCK_UNVERIFIED));
          add(d, a, zone, 1, a.companions(), a.conflict() ? 1 : 0, a.unverified() ? 1 : 0);
        }
        case COMPANIONS -> {
          Anchor a = corrected(admissions, v);
          if (a == null) {
            a = new Anchor(v.offerId(), v.venueId(), v.cardNumber(), v.terminalTime(), 0, false, false);
          }
          add(d, a, zone, 0, v.companions(), 0, 0);
        }
        case VOID -> {
          Anchor a = corrected(admissions, v);
          if (a == null) {
            // The admission never arrived (it was refused), or is not this venue's: nothing to take back.
            log.debug("Void of an admission that is not stored at its venue");
            continue;
          }
          long added = companionsAddedTo(sql, v.refersTo(), a);
          add(d, a, zone, -1, -(a.companions() + added), a.conflict() ? -1 : 0, a.unverified() ? -1 : 0);
        }
      }
    }
    write(sql, d);
  }

  private static void add(Deltas d, Anchor a, ZoneId zone, int visits, long companions, int conflicts, int unverified) {
    LocalDate day = LocalDate.ofInstant(a.time(), zone);
    String month = month(day);
    OfferDay key = new OfferDay(a.offerId(), day);
    Counts c = d.offerDays.computeIfAbsent(key, k -> new Counts());
    d.offerDayVenue.put(key, a.venueId());
    if (visits > 0) {
      c.admissions += visits;
    } else {
      c.voids -= visits;
    }
    c.companions += companions;
    c.conflicts += conflicts;
    c.unverified += unverified;
    d.cardVenueMonths.merge(new CardVenueMonth(a.venueId(), month, a.cardNumber()), (long) visits, Long::sum);
    d.cardMonths.merge(new CardMonth(a.cardNumber(), month), (long) visits, Long::sum);
    d.birthYears.put(a.cardNumber(), null);
    d.birthMonths.computeIfAbsent(month + "|" + a.cardNumber(), k -> new long[2]);
    long[] bm = d.birthMonths.get(month + "|" + a.cardNumber());
    bm[0] += visits;
    bm[1] += companions;
  }

  /** 'YYYY-MM' of a date. */
  static String month(LocalDate day) {
    return String.format(Locale.ROOT, "%04d-%02d", day.getYear(), day.getMonthValue());
  }

  /** The admissions the batch's voids and companion additions refer to (stored earlier or just now). */
  private static Map<UUID, Anchor> admissionsReferredTo(Sql sql, List<VisitRow> rows) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    for (VisitRow r : rows) {
      if (r.visit().kind() != VisitKind.ADMISSION && r.visit().refersTo() != null) {
        ids.add(r.visit().refersTo());
      }
    }
    Map<UUID, Anchor> out = new HashMap<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      List<UUID> part = ids.subList(i, Math.min(ids.size(), i + CHUNK));
      sql.list("SELECT id, offer_id, venue_id, card_number, terminal_time, companions, flags FROM visit"
              + " WHERE kind = 'ADMISSION' AND id IN " + Sql.placeholders(part.size()),
          r -> out.put(r.uuid("id"), new Anchor(r.string("offer_id"), r.string("venue_id"), r.string("card_number"),
              r.instant("terminal_time"), r.intValue("companions"), r.string("flags").contains("OFFLINE_CONFLICT"),
              r.string("flags").contains("CLOCK_UNVERIFIED"))),
          part.toArray());
    }
    return out;
  }

  /**
   * The admission {@code correction} refers to, or null when it is not stored, is another venue's,
   * or names another card or offer: a terminal corrects only its own venue's admissions, so one
   * naming another venue's (whose id it should never have seen) corrects nothing, as one naming an
   * unknown admission; and one naming another card or offer is refused when its admission is known
   * (stored in no period when it came first), so it corrects nothing either.
   */
  private static Anchor corrected(Map<UUID, Anchor> admissions, Visit correction) {
    Anchor a = admissions.get(correction.refersTo());
    return a != null && a.venueId().equals(correction.venueId()) && a.cardNumber().equals(correction.cardNumber())
        && a.offerId().equals(correction.offerId()) ? a : null;
  }

  /**
   * Companions added to {@code admission} (of {@code venueId}) by that venue's COMPANIONS events
   * stored so far, including this batch's (which this call also adds), so a void takes back all of
   * them and none that another venue's terminal named it in (counted at that venue instead), nor
   * any naming another card or offer (counted on their own, as corrections of nothing).
   */
  private static long companionsAddedTo(Sql sql, UUID admission, Anchor a) throws SQLException {
    return sql.one("SELECT COALESCE(SUM(companions), 0) AS n FROM visit WHERE refers_to = ? AND kind = 'COMPANIONS'"
            + " AND venue_id = ? AND card_number = ? AND offer_id = ?",
        r -> r.longValue("n"), admission, a.venueId(), a.cardNumber(), a.offerId()).orElse(0L);
  }

  private static void write(Sql sql, Deltas d) throws SQLException {
    if (d.offerDays.isEmpty()) {
      return;
    }
    loadBirthYears(sql, d);
    Map<String, Long> newChildren = writeCardVenueMonths(sql, d);
    HolderSpans.write(sql, d.schemeId, d.cardMonths, d.birthYears);
    writeOfferDays(sql, d);
    writeVenueMonths(sql, d, newChildren);
    writeBirthMonths(sql, d);
  }

  /** Birth years of the cards involved; on PostgreSQL also locks their rows (in card order) for the span update. */
  private static void loadBirthYears(Sql sql, Deltas d) throws SQLException {
    List<String> cards = new ArrayList<>(new TreeSet<>(d.birthYears.keySet()));
    for (String c : cards) {
      d.birthYears.put(c, UNKNOWN_BIRTH_YEAR);
    }
    String lock = sql.dialect() == Dialect.POSTGRESQL ? " ORDER BY card_number FOR UPDATE" : "";
    for (int i = 0; i < cards.size(); i += CHUNK) {
      List<String> part = cards.subList(i, Math.min(cards.size(), i + CHUNK));
      sql.list("SELECT card_number, birth_year FROM card WHERE card_number IN " + Sql.placeholders(part.size()) + lock,
          r -> d.birthYears.put(r.string("card_number"), r.intValue("birth_year")), part.toArray());
    }
  }

  /** Upserts card presence per venue and month; answers the change in distinct cards per venue|month. */
  private static Map<String, Long> writeCardVenueMonths(Sql sql, Deltas d) throws SQLException {
    Map<String, Long> children = new HashMap<>();
    List<Map.Entry<CardVenueMonth, Long>> entries = new ArrayList<>(d.cardVenueMonths.entrySet());
    for (int i = 0; i < entries.size(); i += CHUNK) {
      List<Map.Entry<CardVenueMonth, Long>> part = entries.subList(i, Math.min(entries.size(), i + CHUNK));
      List<Object> args = new ArrayList<>();
      StringBuilder text = new StringBuilder("INSERT INTO stats_card_venue_month (venue_id, month, card_number, visits)"
          + " VALUES ");
      for (int r = 0; r < part.size(); r++) {
        CardVenueMonth k = part.get(r).getKey();
        text.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?)");
        args.addAll(List.of(k.venueId(), k.month(), k.cardNumber(), part.get(r).getValue()));
      }
      text.append(" ON CONFLICT (venue_id, month, card_number) DO UPDATE"
          + " SET visits = stats_card_venue_month.visits + excluded.visits RETURNING venue_id, month, card_number, visits");
      for (Object[] row : sql.list(text.toString(), r -> new Object[] {
          new CardVenueMonth(r.string("venue_id"), r.string("month"), r.string("card_number")), r.longValue("visits")},
          args.toArray())) {
        long now = (Long) row[1];
        long before = now - d.cardVenueMonths.get((CardVenueMonth) row[0]);
        int change = transition(before, now);
        if (change != 0) {
          CardVenueMonth k = (CardVenueMonth) row[0];
          children.merge(k.venueId() + "|" + k.month(), (long) change, Long::sum);
        }
      }
    }
    return children;
  }

  /** +1 when a count became positive, -1 when it stopped being positive, else 0. */
  static int transition(long before, long now) {
    if (before <= 0 && now > 0) {
      return 1;
    }
    if (before > 0 && now <= 0) {
      return -1;
    }
    return 0;
  }

  private static void writeOfferDays(Sql sql, Deltas d) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (Map.Entry<OfferDay, Counts> e : d.offerDays.entrySet()) {
      OfferDay k = e.getKey();
      Counts c = e.getValue();
      rows.add(new Object[] {k.offerId(), k.day(), month(k.day()), d.offerDayVenue.get(k), d.schemeId,
          c.admissions, c.voids, c.companions, c.conflicts, c.unverified});
    }
    Upsert.add(sql, "stats_offer_day (offer_id, day, month, venue_id, scheme_id, admissions, voids, companions, conflicts,"
        + " unverified)", "offer_id, day", List.of("admissions", "voids", "companions", "conflicts", "unverified"), rows);
    Map<String, long[]> months = new TreeMap<>();
    Map<String, String> monthVenue = new HashMap<>();
    for (Map.Entry<OfferDay, Counts> e : d.offerDays.entrySet()) {
      String key = e.getKey().offerId() + "|" + month(e.getKey().day());
      long[] sum = months.computeIfAbsent(key, k -> new long[3]);
      sum[0] += e.getValue().admissions;
      sum[1] += e.getValue().voids;
      sum[2] += e.getValue().companions;
      monthVenue.put(key, d.offerDayVenue.get(e.getKey()));
    }
    List<Object[]> monthRows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : months.entrySet()) {
      String[] k = e.getKey().split("\\|");
      long[] v = e.getValue();
      monthRows.add(new Object[] {k[0], k[1], monthVenue.get(e.getKey()), d.schemeId, v[0], v[1], v[2]});
    }
    Upsert.add(sql, "stats_offer_month (offer_id, month, venue_id, scheme_id, admissions, voids, companions)",
        "offer_id, month", List.of("admissions", "voids", "companions"), monthRows);
  }

  private static void writeVenueMonths(Sql sql, Deltas d, Map<String, Long> children) throws SQLException {
    Map<String, long[]> venueMonths = new TreeMap<>();
    for (Map.Entry<OfferDay, Counts> e : d.offerDays.entrySet()) {
      Counts c = e.getValue();
      long[] sum = venueMonths.computeIfAbsent(d.offerDayVenue.get(e.getKey()) + "|" + month(e.getKey().day()),
          k -> new long[5]);
      sum[0] += c.admissions - c.voids;
      sum[1] += c.companions;
      sum[2] += c.conflicts;
      sum[3] += c.unverified;
    }
    for (Map.Entry<String, Long> e : children.entrySet()) {
      venueMonths.computeIfAbsent(e.getKey(), k -> new long[5])[4] += e.getValue();
    }
    List<Object[]> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : venueMonths.entrySet()) {
      String[] k = e.getKey().split("\\|");
      long[] v = e.getValue();
      rows.add(new Object[] {k[0], k[1], d.schemeId, v[0], v[1], v[2], v[3], v[4]});
    }
    Upsert.add(sql, "stats_venue_month (venue_id, month, scheme_id, visits, companions, conflicts, unverified, children)",
        "venue_id, month", List.of("visits", "companions", "conflicts", "unverified", "children"), rows);
  }

  private static void writeBirthMonths(Sql sql, Deltas d) throws SQLException {
    Map<String, long[]> byYear = new TreeMap<>();
    for (Map.Entry<String, long[]> e : d.birthMonths.entrySet()) {
      String[] k = e.getKey().split("\\|");
      long[] sum = byYear.computeIfAbsent(k[0] + "|" + d.birthYears.get(k[1]), x -> new long[2]);
      sum[0] += e.getValue()[0];
      sum[1] += e.getValue()[1];
    }
    List<Object[]> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : byYear.entrySet()) {
      String[] k = e.getKey().split("\\|");
      rows.add(new Object[] {d.schemeId, k[0], Integer.parseInt(k[1]), e.getValue()[0], e.getValue()[1]});
    }
    Upsert.add(sql, "stats_birth_month (scheme_id, month, birth_year, visits, companions)", "scheme_id, month, birth_year",
        List.of("visits", "companions"), rows);
  }

  /**
   * Fills the tables from the visits stored before they existed, once: replays every visit in the
   * order it arrived. Runs in one transaction with the marker, so it is done fully or not at all.
   */
  public void buildOnce(Database db, java.time.Clock clock) {
    db.transaction(sql -> {
      if (sql.dialect() == Dialect.POSTGRESQL) {
        // Instances starting together over one database build one after the other: the second
        // finds the mark and returns, where it stopped on the mark's key and failed to start.
        sql.list("SELECT pg_advisory_xact_lock(?)", r -> null, StatsFolder.LOCK_KEY);
      }
      if (sql.one("SELECT built_at FROM stats_state WHERE id = 1", r -> r.string("built_at")).isPresent()) {
        return null;
      }
      List<VisitRow> all = sql.list("SELECT " + VisitColumns.COLUMNS + " FROM visit ORDER BY received_at, terminal_id,"
          + " sequence", VisitColumns::row);
      for (int i = 0; i < all.size(); i += 10_000) {
        stored(sql, all.subList(i, Math.min(all.size(), i + 10_000)));
      }
      // Every stored visit was just replayed, so none is still waiting to be folded.
      sql.update("DELETE FROM stats_pending");
      sql.update("INSERT INTO stats_state (id, built_at) VALUES (1, ?)", clock.instant());
      if (!all.isEmpty()) {
        log.info("Statistics built from {} stored visits", all.size());
      }
      return null;
    });
  }
}
