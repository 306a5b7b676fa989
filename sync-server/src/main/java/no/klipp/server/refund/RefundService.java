package no.klipp.server.refund;

import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import no.klipp.server.db.Database;
import no.klipp.server.db.Sql;
import no.klipp.server.offer.OfferTerms;
import no.klipp.server.refund.OfferCounts.Counts;
import no.klipp.server.web.ApiException;

/**
 * Refunds per venue and period, from the per-offer daily counts (never the visits themselves), each
 * visit paid by the offer's terms in force on its day, so a statement once sent never changes.
 */
public final class RefundService {

  /** An offer's days in a statement under one set of terms. */
  private record Part(RefundLine.Subject subject, OfferTerms terms) {}

  private final Database db;
  private final Runnable catchUp;

  public RefundService(Database db) {
    this(db, () -> {});
  }

  /** With {@code catchUp} run before every read, to fold visits still pending into the daily counts. */
  public RefundService(Database db, Runnable catchUp) {
    this.db = db;
    this.catchUp = catchUp;
  }

  /** The statement for {@code schemeId} over {@code [from, to]}, for one venue or (null) all. */
  public Refunds of(long schemeId, String venueId, LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      throw ApiException.invalid("the period ends before it starts: " + from + " to " + to);
    }
    catchUp.run();
    Optional<WholeMonths> months = WholeMonths.within(from, to);
    boolean partial = months.isEmpty() || !months.get().from().equals(from) || !months.get().to().equals(to);
    return db.read(sql -> {
      // A targeted offer's visits are those of the few children chosen for it, whom the
      // administrator knows: counted day by day, a statement stepped over single days would tell
      // when each came. Such offers are counted in whole months only, for the venue as well, so
      // both sides of the invoice read the same figures.
      Set<String> targeted = partial ? targetedOffers(sql, schemeId, venueId) : Set.of();
      List<RefundLine> out = new ArrayList<>(lines(sql, schemeId, venueId, from, to, id -> !targeted.contains(id),
          false));
      if (!targeted.isEmpty() && months.isPresent()) {
        out.addAll(lines(sql, schemeId, venueId, months.get().from(), months.get().to(), targeted::contains, true));
        out.sort(STATEMENT_ORDER);
      }
      return new Refunds(from, to, out, !targeted.isEmpty());
    });
  }

  /**
   * The statement of each month of {@code [from, to]} for {@code schemeId}, one venue or (null)
   * all, each as {@link #of} would give it for that month's days, from one query for all the
   * months' counts (a year's months one by one took twelve times as long).
   */
  public Map<YearMonth, Refunds> monthly(long schemeId, String venueId, YearMonth from, YearMonth to) {
    if (to.isBefore(from)) {
      throw ApiException.invalid("the months end before they start: " + from + " to " + to);
    }
    catchUp.run();
    return db.read(sql -> {
      Map<YearMonth, Map<String, Counts>> counts = OfferCounts.byMonth(sql, schemeId, venueId, from, to);
      Set<String> offerIds = new HashSet<>();
      counts.values().forEach(c -> offerIds.addAll(c.keySet()));
      Map<String, List<Part>> parts = parts(sql, offerIds, from.atDay(1), to.atEndOfMonth());
      Map<YearMonth, Refunds> out = new LinkedHashMap<>();
      for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
        List<RefundLine> lines = new ArrayList<>();
        for (Map.Entry<String, Counts> e : counts.getOrDefault(m, Map.of()).entrySet()) {
          List<Part> within = within(parts.get(e.getKey()), m);
          if (within.size() == 1) {
            Part p = within.getFirst();
            lines.add(RefundLine.of(p.subject(), p.terms(), e.getValue().visits(), e.getValue().companions(), false));
            continue;
          }
          // The offer's terms changed during the month: its days under each, as in a statement of the month.
          for (Part p : within) {
            RefundLine.Subject s = p.subject();
            Counts c = OfferCounts.of(sql, schemeId, null, s.offerId(), s.from(), s.to()).get(s.offerId());
            if (c != null) {
              lines.add(RefundLine.of(s, p.terms(), c.visits(), c.companions(), true));
            }
          }
        }
        lines.sort(STATEMENT_ORDER);
        out.put(m, new Refunds(m.atDay(1), m.atEndOfMonth(), lines, false));
      }
      return out;
    });
  }

  /** The parts of an offer's terms that cover days of {@code month}, cut to its days. */
  private static List<Part> within(List<Part> parts, YearMonth month) {
    LocalDate first = month.atDay(1);
    LocalDate last = month.atEndOfMonth();
    List<Part> out = new ArrayList<>();
    for (Part p : parts) {
      RefundLine.Subject s = p.subject();
      if (!s.from().isAfter(last) && !s.to().isBefore(first)) {
        out.add(new Part(new RefundLine.Subject(s.venueId(), s.venueName(), s.offerId(), s.offerName(),
            s.from().isBefore(first) ? first : s.from(), s.to().isAfter(last) ? last : s.to()), p.terms()));
      }
    }
    return out;
  }

  /** The statement's order: by venue, then offer, then days. */
  private static final Comparator<RefundLine> STATEMENT_ORDER = Comparator.comparing(RefundLine::venueName)
      .thenComparing(RefundLine::venueId).thenComparing(RefundLine::offerName).thenComparing(RefundLine::offerId)
      .thenComparing(RefundLine::from);

  /** The scheme's targeted offers, of one venue or (null) all, withdrawn ones too. */
  private static Set<String> targetedOffers(Sql sql, long schemeId, String venueId) throws SQLException {
    return new HashSet<>(sql.list("SELECT o.id FROM offer o JOIN venue v ON v.id = o.venue_id WHERE v.scheme_id = ?"
            + " AND o.targeted = ?" + (venueId == null ? "" : " AND o.venue_id = ?"), r -> r.string("id"),
        venueId == null ? new Object[] {schemeId, true} : new Object[] {schemeId, true, venueId}));
  }

  /**
   * The lines of the offers {@code included} over {@code [from, to]}; {@code dated} names each
   * line's days even when the offer's terms did not change.
   */
  private static List<RefundLine> lines(Sql sql, long schemeId, String venueId, LocalDate from, LocalDate to,
      Predicate<String> included, boolean dated) throws SQLException {
    Map<String, Counts> counts = new LinkedHashMap<>(OfferCounts.of(sql, schemeId, venueId, null, from, to));
    counts.keySet().removeIf(included.negate());
    List<RefundLine> out = new ArrayList<>();
    for (List<Part> parts : parts(sql, counts.keySet(), from, to).values()) {
      if (parts.size() == 1) {
        Part p = parts.getFirst();
        Counts c = counts.get(p.subject().offerId());
        out.add(RefundLine.of(p.subject(), p.terms(), c.visits(), c.companions(), dated));
        continue;
      }
      // The offer's terms changed during the period: each part is counted on its own. Changes
      // are rare, so a query per part costs less than splitting every offer's months at them.
      for (Part p : parts) {
        RefundLine.Subject s = p.subject();
        Counts c = OfferCounts.of(sql, schemeId, null, s.offerId(), s.from(), s.to()).get(s.offerId());
        if (c != null) {
          out.add(RefundLine.of(s, p.terms(), c.visits(), c.companions(), true));
        }
      }
    }
    return out;
  }

  /**
   * For each offer, in the statement's order (venue, offer), the days of {@code [from, to]} under
   * each of its terms in turn.
   */
  private static Map<String, List<Part>> parts(Sql sql, Collection<String> offerIds, LocalDate from, LocalDate to)
      throws SQLException {
    if (offerIds.isEmpty()) {
      return Map.of();
    }
    Sql.In in = sql.in("o.id", offerIds, "text");
    Map<String, List<Part>> out = new LinkedHashMap<>();
    sql.list("SELECT o.id, o.name, o.venue_id, v.name AS venue_name, t.effective_from, t.price_ore,"
            + " t.refund_percent, t.companions FROM offer o JOIN venue v ON v.id = o.venue_id"
            + " JOIN offer_terms t ON t.offer_id = o.id WHERE " + in.sql() + " AND t.effective_from <= ?"
            + " ORDER BY v.name, o.venue_id, o.name, o.id, t.effective_from",
        r -> {
          LocalDate start = r.date("effective_from");
          RefundLine.Subject s = new RefundLine.Subject(r.string("venue_id"), r.string("venue_name"), r.string("id"),
              r.string("name"), start.isAfter(from) ? start : from, to);
          OfferTerms terms = new OfferTerms(r.longValue("price_ore"), r.intValue("refund_percent"),
              r.intValue("companions"));
          follow(out.computeIfAbsent(s.offerId(), k -> new ArrayList<>()), new Part(s, terms));
          return null;
        },
        Sql.args(in.args(), to));
    for (String id : offerIds) {
      List<Part> parts = out.get(id);
      // Every offer has terms from the first date the server accepts (V38, OfferRepository.insert).
      if (parts == null || parts.getFirst().subject().from().isAfter(from)) {
        throw new IllegalStateException("offer " + id + " has no terms in force on " + from);
      }
    }
    return out;
  }

  /** Adds {@code next} after {@code parts}: it ends the last one, which drops out if that leaves it no day. */
  private static void follow(List<Part> parts, Part next) {
    if (!parts.isEmpty()) {
      Part last = parts.removeLast();
      RefundLine.Subject s = last.subject();
      LocalDate end = next.subject().from().minusDays(1);
      if (!end.isBefore(s.from())) {
        parts.add(new Part(new RefundLine.Subject(s.venueId(), s.venueName(), s.offerId(), s.offerName(), s.from(),
            end), last.terms()));
      }
    }
    parts.add(next);
  }
}
