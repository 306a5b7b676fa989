package no.klipp.terminal.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import no.klipp.protocol.sync.Visit;
import no.klipp.protocol.sync.VisitFlag;
import no.klipp.protocol.sync.VisitKind;

/**
 * The visits recorded here, as validation needs them: append an event, and count this terminal's
 * admissions (voided ones excluded). Appends happen inside the caller's {@link Ledger#write}.
 */
public final class VisitLog {

  private static final String NOT_VOIDED =
      " AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.refers_to = a.id AND v.kind = 'VOID')";
  private static final String ADMISSION_COLUMNS = "a.id, a.card_number, a.serial, a.offer_id, a.period, a.at, "
      + "a.companions + coalesce((SELECT sum(x.companions) FROM visit x WHERE x.refers_to = a.id AND x.kind = 'COMPANIONS'), 0), "
      + "EXISTS (SELECT 1 FROM visit v WHERE v.refers_to = a.id AND v.kind = 'VOID'), a.flags";

  private final Ledger ledger;
  // This terminal's admissions per offer, for capacity; filled by one scan, then kept up to date.
  private final java.util.Map<String, Long> offerAdmissions = new java.util.HashMap<>();
  // The ledger's prunes when the counts were filled: deleted visits make them stale.
  private long countedPrunes;

  public VisitLog(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger == null");
  }

  /**
   * The next sequence number: above this ledger's last and above the server's last at enrollment
   * ({@link Meta#NUMBERED_ABOVE}); both look-ups are a single b-tree step.
   */
  private static final String NEXT_SEQ = "max(coalesce((SELECT max(seq) FROM visit), 0),"
      + " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '" + Meta.NUMBERED_ABOVE + "'), 0)) + 1";

  /**
   * Appends a visit event in quota period {@code period}; returns its sequence number, the next of
   * this terminal (the visit's own {@code sequence} is ignored). Call inside {@link Ledger#write}.
   */
  public long append(Visit v, String period) {
    return ledger.read("record the visit", c -> {
      PreparedStatement ps = ledger.prepare("INSERT INTO visit (seq, id, kind, refers_to, card_number, serial, "
          + "offer_id, venue_id, terminal_id, period, at, companions, flags) VALUES (" + NEXT_SEQ
          + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          // One statement, not a second round trip for last_insert_rowid().
          + "RETURNING seq");
      ps.setString(1, v.id().toString());
      ps.setString(2, v.kind().name());
      ps.setString(3, v.refersTo() == null ? null : v.refersTo().toString());
      ps.setString(4, v.cardNumber());
      ps.setInt(5, v.credentialSerial());
      ps.setString(6, v.offerId());
      ps.setString(7, v.venueId());
      ps.setString(8, v.terminalId());
      ps.setString(9, period);
      ps.setLong(10, v.terminalTime().toEpochMilli());
      ps.setInt(11, v.companions());
      ps.setString(12, flags(v.flags()));
      long seq;
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        seq = rs.getLong(1);
      }
      Long counted = offerAdmissions.get(v.offerId());
      if (counted != null && v.kind() != VisitKind.COMPANIONS) {
        offerAdmissions.put(v.offerId(), counted + (v.kind() == VisitKind.ADMISSION ? 1 : -1));
      }
      return seq;
    });
  }

  /**
   * The start of {@link #used} and {@link #usedBetween}: the other terminals' count for the card,
   * offer ({@code ?2}) and period ({@code ?3}), plus this terminal's visits of the card and offer
   * that the caller's condition, closed with ")", picks.
   */
  private static final String USED = "SELECT coalesce((SELECT count FROM usage WHERE card_number = ?1"
      + " AND offer_id = ?2 AND period = ?3), 0) + (SELECT count(*) FROM visit a WHERE a.card_number = ?1"
      + " AND a.offer_id = ?2 AND ";

  /**
   * Visits counted against the card's quota under the offer in the period: the venue's other
   * terminals' (as the server counted them) and this terminal's admissions, voided ones excluded.
   * One statement: it runs for every scan.
   */
  public int used(String cardNumber, String offerId, String period) {
    return ledger.read("count visits", c -> {
      PreparedStatement ps = ledger.prepare(USED + "a.period = ?3 AND a.kind = 'ADMISSION'" + NOT_VOIDED + ")");
      ps.setString(1, cardNumber);
      ps.setString(2, offerId);
      ps.setString(3, period);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    });
  }

  /**
   * As {@link #used}, but this terminal's admissions counted by time, at or after {@code from} and
   * before {@code until}, whatever period they were stored under; and before {@code from}, those
   * made while the card was unknown here (flagged {@link VisitFlag#UNKNOWN_CARD}) whose stored
   * period sorts after {@code unknownPeriodsAfter} (null: none of them).
   */
  public int usedBetween(String cardNumber, String offerId, String period, Instant from, Instant until,
      String unknownPeriodsAfter) {
    return ledger.read("count visits", c -> {
      PreparedStatement ps = ledger.prepare(USED + "a.at < ?5 AND (a.at >= ?4 OR (a.period > ?6"
          + " AND instr(',' || a.flags || ',', ',UNKNOWN_CARD,') > 0)) AND a.kind = 'ADMISSION'" + NOT_VOIDED + ")");
      ps.setString(1, cardNumber);
      ps.setString(2, offerId);
      ps.setString(3, period);
      ps.setLong(4, from.toEpochMilli());
      ps.setLong(5, until.toEpochMilli());
      // A comparison with NULL is never true.
      ps.setString(6, unknownPeriodsAfter);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    });
  }

  /** This terminal's admissions of the card under the offer at or after {@code since}, voided ones excluded. */
  public int admissionsSince(String cardNumber, String offerId, Instant since) {
    return ledger.read("count visits", c -> {
      PreparedStatement ps = ledger.prepare("SELECT count(*) FROM visit a WHERE a.card_number = ? AND a.offer_id = ? "
          + "AND a.at >= ? AND a.kind = 'ADMISSION'" + NOT_VOIDED);
      ps.setString(1, cardNumber);
      ps.setString(2, offerId);
      ps.setLong(3, since.toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    });
  }

  /** This terminal's admissions under the offer, every card, voided ones excluded (for capacity). */
  public long offerAdmissions(String offerId) {
    if (countedPrunes != ledger.prunes()) {
      countedPrunes = ledger.prunes();
      offerAdmissions.clear();
    }
    Long counted = offerAdmissions.get(offerId);
    if (counted != null) {
      return counted;
    }
    long n = ledger.read("count visits", c -> {
      PreparedStatement ps = ledger.prepare(
          "SELECT count(*) FROM visit a WHERE a.offer_id = ? AND a.kind = 'ADMISSION'" + NOT_VOIDED);
      ps.setString(1, offerId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
    offerAdmissions.put(offerId, n);
    return n;
  }

  /** Forgets the counts kept in memory; call when a write failed, so they are counted afresh. */
  public void forgetCounts() {
    offerAdmissions.clear();
  }

  /** The card's admissions from {@code since} to {@code until}, not voided, newest first. */
  public List<Admission> recentAdmissions(String cardNumber, Instant since, Instant until) {
    return ledger.read("read recent visits", c -> {
      PreparedStatement ps = ledger.prepare("SELECT " + ADMISSION_COLUMNS + " FROM visit a WHERE a.card_number = ? "
          + "AND a.at >= ? AND a.at <= ? AND a.kind = 'ADMISSION'" + NOT_VOIDED + " ORDER BY a.seq DESC");
      ps.setString(1, cardNumber);
      ps.setLong(2, since.toEpochMilli());
      ps.setLong(3, until.toEpochMilli());
      List<Admission> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(admission(rs));
        }
      }
      return out;
    });
  }

  /** The admission with this id, if it is one recorded here. */
  public Optional<Admission> admission(UUID id) {
    return ledger.read("read a visit", c -> {
      PreparedStatement ps = ledger.prepare(
          "SELECT " + ADMISSION_COLUMNS + " FROM visit a WHERE a.id = ? AND a.kind = 'ADMISSION' "
              // Newest first: corrections concern a visit of the last minutes, found at once.
              + "ORDER BY a.seq DESC LIMIT 1");
      ps.setString(1, id.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(admission(rs)) : Optional.empty();
      }
    });
  }

  /** The latest time of any visit recorded here, if any. */
  public Optional<Instant> latestTime() {
    return latestTime(0);
  }

  /** The latest time of the visits recorded after sequence number {@code afterSeq}. */
  public Optional<Instant> latestTime(long afterSeq) {
    return ledger.read("read the latest visit time", c -> {
      PreparedStatement ps = ledger.prepare("SELECT max(at) FROM visit WHERE seq > ?");
      ps.setLong(1, afterSeq);
      try (ResultSet rs = ps.executeQuery()) {
        long at = rs.next() ? rs.getLong(1) : 0;
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
      }
    });
  }

  private static Admission admission(ResultSet rs) throws SQLException {
    return new Admission(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getInt(3), rs.getString(4),
        rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), rs.getInt(7), rs.getInt(8) != 0, flags(rs.getString(9)));
  }

  static String flags(Set<VisitFlag> flags) {
    // Most visits carry none: no stream on every scan for them.
    return flags.isEmpty() ? "" : flags.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
  }

  static Set<VisitFlag> flags(String text) {
    Set<VisitFlag> out = EnumSet.noneOf(VisitFlag.class);
    for (String s : Rows.split(text)) {
      out.add(VisitFlag.valueOf(s));
    }
    return out;
  }

  static Visit visit(ResultSet rs) throws SQLException {
    String refersTo = rs.getString("refers_to");
    return new Visit(UUID.fromString(rs.getString("id")), rs.getLong("seq"), VisitKind.valueOf(rs.getString("kind")),
        refersTo == null ? null : UUID.fromString(refersTo), rs.getString("card_number"), rs.getInt("serial"),
        rs.getString("offer_id"), rs.getString("venue_id"), rs.getString("terminal_id"),
        Instant.ofEpochMilli(rs.getLong("at")), rs.getInt("companions"), flags(rs.getString("flags")));
  }
}
