package no.klipp.server.stats;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import no.klipp.server.db.Sql;
import no.klipp.server.stats.StatsRecorder.CardMonth;

/**
 * Card presence per month ({@code stats_card_month}) and the holder spans built on it
 * ({@code stats_holder_span}): when a card's month of use starts or stops counting, the month is
 * linked to (or unlinked from) the card's previous and next months of use.
 */
final class HolderSpans {

  private HolderSpans() {}

  private record Span(String month, String prev, int birthYear) implements Comparable<Span> {
    public int compareTo(Span o) {
      int c = month.compareTo(o.month);
      c = c != 0 ? c : prev.compareTo(o.prev);
      return c != 0 ? c : Integer.compare(birthYear, o.birthYear);
    }
  }

  /** Upserts the cards' monthly visits and moves the spans of months that began or stopped counting. */
  static void write(Sql sql, long schemeId, Map<CardMonth, Long> cardMonths,
      Map<String, Integer> birthYears) throws SQLException {
    Map<String, Map<String, Integer>> changed = new TreeMap<>();
    List<Map.Entry<CardMonth, Long>> entries = new ArrayList<>(cardMonths.entrySet());
    for (int i = 0; i < entries.size(); i += Upsert.CHUNK) {
      List<Map.Entry<CardMonth, Long>> part = entries.subList(i, Math.min(entries.size(), i + Upsert.CHUNK));
      List<Object> args = new ArrayList<>();
      StringBuilder text = new StringBuilder("INSERT INTO stats_card_month (card_number, month, scheme_id, birth_year,"
          + " visits) VALUES ");
      for (int r = 0; r < part.size(); r++) {
        CardMonth k = part.get(r).getKey();
        text.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
        args.addAll(List.of(k.cardNumber(), k.month(), schemeId, birthYears.get(k.cardNumber()),
            part.get(r).getValue()));
      }
      text.append(" ON CONFLICT (card_number, month) DO UPDATE"
          + " SET visits = stats_card_month.visits + excluded.visits RETURNING card_number, month, visits");
      for (Object[] row : sql.list(text.toString(), r -> new Object[] {
          new CardMonth(r.string("card_number"), r.string("month")), r.longValue("visits")}, args.toArray())) {
        CardMonth k = (CardMonth) row[0];
        long now = (Long) row[1];
        int change = StatsRecorder.transition(now - cardMonths.get(k), now);
        if (change != 0) {
          changed.computeIfAbsent(k.cardNumber(), c -> new TreeMap<>()).put(k.month(), change);
        }
      }
    }
    if (!changed.isEmpty()) {
      writeSpans(sql, schemeId, birthYears, changed);
    }
  }

  /**
   * Moves the holder spans of cards whose months of use changed. From the months in use now, the
   * months in use before are rebuilt; then each change is applied in turn, each one re-linking the
   * month to its neighbours.
   */
  private static void writeSpans(Sql sql, long schemeId, Map<String, Integer> birthYears,
      Map<String, Map<String, Integer>> changed) throws SQLException {
    Map<String, TreeSet<String>> inUse = new HashMap<>();
    List<String> cards = new ArrayList<>(changed.keySet());
    for (int i = 0; i < cards.size(); i += Upsert.CHUNK) {
      List<String> part = cards.subList(i, Math.min(cards.size(), i + Upsert.CHUNK));
      sql.list("SELECT card_number, month FROM stats_card_month WHERE visits > 0 AND card_number IN "
              + Sql.placeholders(part.size()),
          r -> inUse.computeIfAbsent(r.string("card_number"), k -> new TreeSet<>()).add(r.string("month")),
          part.toArray());
    }
    Map<Span, Long> spans = new TreeMap<>();
    for (Map.Entry<String, Map<String, Integer>> e : changed.entrySet()) {
      int birthYear = birthYears.get(e.getKey());
      TreeSet<String> months = inUse.getOrDefault(e.getKey(), new TreeSet<>());
      for (Map.Entry<String, Integer> m : e.getValue().entrySet()) {
        if (m.getValue() > 0) {
          months.remove(m.getKey());
        } else {
          months.add(m.getKey());
        }
      }
      for (Map.Entry<String, Integer> m : e.getValue().entrySet()) {
        String month = m.getKey();
        String prev = months.lower(month) == null ? StatsRecorder.NEVER : months.lower(month);
        String next = months.higher(month);
        long sign = m.getValue();
        if (next != null) {
          spans.merge(new Span(next, prev, birthYear), -sign, Long::sum);
          spans.merge(new Span(next, month, birthYear), sign, Long::sum);
        }
        spans.merge(new Span(month, prev, birthYear), sign, Long::sum);
        if (sign > 0) {
          months.add(month);
        } else {
          months.remove(month);
        }
      }
    }
    spans.values().removeIf(v -> v == 0);
    List<Object[]> rows = new ArrayList<>();
    for (Map.Entry<Span, Long> e : spans.entrySet()) {
      Span s = e.getKey();
      rows.add(new Object[] {schemeId, s.birthYear(), s.prev(), s.month(), e.getValue()});
    }
    Upsert.add(sql, "stats_holder_span (scheme_id, birth_year, prev_month, month, cards)",
        "scheme_id, month, prev_month, birth_year", List.of("cards"), rows);
  }

}
