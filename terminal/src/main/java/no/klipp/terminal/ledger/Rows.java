package no.klipp.terminal.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.OpeningHours;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.QuotaPeriod;

/** Conversions between the ledger's columns and the values they hold. */
final class Rows {

  private Rows() {}

  /** The columns {@link #card} reads, in its order (by index: no name lookups on the hot path). */
  static final String CARD_COLUMNS =
      "number, serial, fingerprint, valid_from, valid_until, birth_year, first_name, status, offers";

  static Card card(ResultSet rs) throws SQLException {
    return new Card(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        isoDate(rs.getString(4)),
        isoDate(rs.getString(5)),
        rs.getInt(6),
        rs.getString(7),
        CardStatus.valueOf(rs.getString(8)),
        split(rs.getString(9)));
  }

  static Offer offer(ResultSet rs) throws SQLException {
    String period = rs.getString("period");
    return new Offer(
        rs.getString("id"),
        rs.getString("venue_id"),
        rs.getString("name"),
        integer(rs, "quota"),
        period == null ? null : QuotaPeriod.valueOf(period),
        rs.getInt("companions"),
        date(rs.getString("valid_from")),
        date(rs.getString("valid_until")),
        hours(rs.getString("opening_hours")),
        integer(rs, "capacity"),
        rs.getInt("targeted") != 0);
  }

  static Set<String> split(String joined) {
    if (joined == null || joined.isEmpty()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(joined.split(",")));
  }

  static String join(java.util.Collection<String> values) {
    return values == null ? "" : String.join(",", values);
  }

  /** Opening hours as {@code MONDAY 09:00-17:00;TUESDAY 10:00-14:30}; empty when always open. */
  static String hours(List<OpeningHours> hours) {
    StringBuilder out = new StringBuilder();
    for (OpeningHours h : hours) {
      if (!out.isEmpty()) {
        out.append(';');
      }
      out.append(h.day()).append(' ').append(h.opens()).append('-').append(h.closes());
    }
    return out.toString();
  }

  static List<OpeningHours> hours(String text) {
    List<OpeningHours> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    for (String part : text.split(";")) {
      String[] dayAndTimes = part.split(" ");
      String[] times = dayAndTimes[1].split("-");
      out.add(new OpeningHours(DayOfWeek.valueOf(dayAndTimes[0]), LocalTime.parse(times[0]), LocalTime.parse(times[1])));
    }
    return out;
  }

  /**
   * A {@code yyyy-MM-dd} date as the ledger writes it, read without a formatter (it runs for every
   * scan); anything else goes to {@link LocalDate#parse}, which says what is wrong with it.
   */
  static LocalDate isoDate(String text) {
    if (text != null && text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      if (year >= 0 && month >= 0 && day >= 0) {
        return LocalDate.of(year, month, day);
      }
    }
    return LocalDate.parse(text);
  }

  private static int digits(String text, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** A date column that may be empty, read as {@link #isoDate} reads one. */
  static LocalDate date(String text) {
    return text == null ? null : isoDate(text);
  }

  static String text(LocalDate date) {
    return date == null ? null : date.toString();
  }

  static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }
}
