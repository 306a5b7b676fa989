package no.klipp.server.stats;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import no.klipp.server.db.Database;
import no.klipp.server.venue.Category;

/**
 * The statistics of one scheme for a period, every table protected against small counts together:
 * the tables share their totals, so their suppression is decided in one {@link Suppression}.
 */
public final class StatsService {

  /** Everything the statistics page shows. */
  public record Statistics(Period period, Table venues, Table categories, Table months, Table ages,
      Figure visits, Figure companions, Figure holders, Figure issued, Figure share, Figure conflicts,
      Figure unverified) {

    /** The tables, in page order. */
    public List<Table> tables() {
      return List.of(venues, categories, months, ages);
    }

    /** The table with {@code id}. */
    public java.util.Optional<Table> table(String id) {
      return tables().stream().filter(t -> t.id().equals(id)).findFirst();
    }
  }

  private final Database db;
  private final StatsRepository repo = new StatsRepository();
  private final Runnable catchUp;

  public StatsService(Database db) {
    this(db, () -> {});
  }

  /** With {@code catchUp} run before every read, to fold visits still pending (see {@link StatsFolder}). */
  public StatsService(Database db, Runnable catchUp) {
    this.db = db;
    this.catchUp = catchUp;
  }

  /** The statistics of {@code schemeId} for {@code period}. */
  public Statistics of(long schemeId, Period period) {
    catchUp.run();
    return db.read(sql -> {
      Raw raw = new Raw();
      raw.venues = repo.venues(sql, schemeId, period);
      for (StatsRepository.VenueSums v : raw.venues) {
        long children = v.maxMonthChildren();
        if (children > 0 && children < Suppression.THRESHOLD) {
          children = repo.children(sql, List.of(v.venueId()), period);
        }
        raw.venueChildren.put(v.venueId(), exposure(children, v.minMonthChildren()));
      }
      Map<Category, List<String>> byCategory = new TreeMap<>();
      Map<Category, Boolean> smallMonth = new EnumMap<>(Category.class);
      for (StatsRepository.VenueSums v : raw.venues) {
        byCategory.computeIfAbsent(v.category(), c -> new ArrayList<>()).add(v.venueId());
        smallMonth.merge(v.category(), Suppression.small(v.minMonthChildren()), Boolean::logicalOr);
      }
      for (Map.Entry<Category, List<String>> e : byCategory.entrySet()) {
        long lower = raw.venues.stream().filter(v -> v.category() == e.getKey())
            .mapToLong(StatsRepository.VenueSums::maxMonthChildren).max().orElse(0);
        long children = lower > 0 && lower < Suppression.THRESHOLD ? repo.children(sql, e.getValue(), period) : lower;
        // A venue's small month may be a big one for its category (other venues' children in it).
        long fewest = smallMonth.get(e.getKey()) ? repo.fewestInAMonth(sql, e.getValue(), period) : 0;
        raw.categoryChildren.put(e.getKey(), exposure(children, fewest));
      }
      raw.months = repo.months(sql, schemeId, period);
      StatsRepository.Holders holders = repo.holders(sql, schemeId, period);
      raw.monthHolders = holders.byMonth();
      raw.monthBirthHolders = holders.byMonthAndBirthYear();
      raw.monthBirthNewHolders = holders.newByMonthAndBirthYear();
      raw.holders = holders.byBirthYear();
      StatsRepository.ByBirthYear byYear = repo.byBirthYear(sql, schemeId, period);
      raw.birthVisits = byYear.visits();
      raw.issued = byYear.issued();
      raw.monthBirthNewIssued = byYear.newByMonthAndBirthYear();
      return assemble(period, raw, byCategory);
    });
  }

  /**
   * The children a published figure rests on, for protection: those of the whole period, or fewer
   * when one of its months ({@code fewestInAMonth}, 0 when unknown) rested on fewer. A year's
   * statistics grow a month at a time, so each month's share of a row is the difference of two
   * publications; a row is only as safe as its smallest month.
   */
  static long exposure(long children, long fewestInAMonth) {
    return fewestInAMonth > 0 ? Math.min(children, fewestInAMonth) : children;
  }

  /** The fewest of {@code byMonth}'s counts above zero, or 0. */
  private static long fewest(java.util.Collection<Long> byMonth) {
    return byMonth.stream().mapToLong(Long::longValue).filter(n -> n > 0).min().orElse(0);
  }

  /** Counts keyed "YYYY-MM/birth year", summed by the age band in {@code year} and month. */
  private static Map<AgeBand, Map<String, Long>> byBandAndMonth(Map<String, Long> counts, int year) {
    Map<AgeBand, Map<String, Long>> out = new EnumMap<>(AgeBand.class);
    counts.forEach((key, n) -> {
      int slash = key.indexOf('/');
      AgeBand b = AgeBand.of(Integer.parseInt(key.substring(slash + 1)), year);
      out.computeIfAbsent(b, k -> new TreeMap<>()).merge(key.substring(0, slash), n, Long::sum);
    });
    return out;
  }

  /** What the queries answered, before protection. */
  private static final class Raw {
    List<StatsRepository.VenueSums> venues;
    final Map<String, Long> venueChildren = new LinkedHashMap<>();
    final Map<Category, Long> categoryChildren = new EnumMap<>(Category.class);
    List<StatsRepository.Sums> months;
    Map<String, Long> monthHolders;
    Map<String, Long> monthBirthHolders;
    Map<String, Long> monthBirthNewHolders;
    Map<Integer, Long> holders;
    List<StatsRepository.Sums> birthVisits;
    Map<Integer, Long> issued;
    Map<String, Long> monthBirthNewIssued;
  }

  private static Statistics assemble(Period period, Raw raw, Map<Category, List<String>> byCategory) {
    int year = period.to().getYear();
    long[] total = new long[4];
    for (StatsRepository.VenueSums v : raw.venues) {
      total[0] += v.visits();
      total[1] += v.companions();
      total[2] += v.conflicts();
      total[3] += v.unverified();
    }
    Map<AgeBand, long[]> bands = new EnumMap<>(AgeBand.class);
    for (AgeBand b : AgeBand.values()) {
      bands.put(b, new long[4]); // holders, issued, visits, companions
    }
    raw.holders.forEach((y, n) -> bands.get(AgeBand.of(y, year))[0] += n);
    raw.issued.forEach((y, n) -> bands.get(AgeBand.of(y, year))[1] += n);
    for (StatsRepository.Sums s : raw.birthVisits) {
      long[] b = bands.get(AgeBand.of(Integer.parseInt(s.key()), year));
      b[2] += s.visits();
      b[3] += s.companions();
    }
    long holders = bands.values().stream().mapToLong(b -> b[0]).sum();
    long issued = bands.values().stream().mapToLong(b -> b[1]).sum();
    // Each band's holders in each month, for the band's smallest month.
    Map<AgeBand, Map<String, Long>> bandMonths = byBandAndMonth(raw.monthBirthHolders, year);
    // A count of holders grows each month by the children new in the year that month, so one
    // publication less the one before gives them: it is only as safe as its fewest newcomers.
    Map<AgeBand, Map<String, Long>> bandNewcomers = byBandAndMonth(raw.monthBirthNewHolders, year);
    Map<String, Long> newcomers = new TreeMap<>();
    bandNewcomers.values().forEach(byMonth -> byMonth.forEach((m, n) -> newcomers.merge(m, n, Long::sum)));
    long schemeExposure = exposure(holders, fewest(raw.monthHolders.values()));
    long holderExposure = exposure(schemeExposure, fewest(newcomers.values()));
    // Cards valid in the period grow the same way, by the cards whose validity starts that month.
    Map<AgeBand, Map<String, Long>> bandNewCards = byBandAndMonth(raw.monthBirthNewIssued, year);
    Map<String, Long> newCards = new TreeMap<>();
    bandNewCards.values().forEach(byMonth -> byMonth.forEach((m, n) -> newCards.merge(m, n, Long::sum)));
    Map<String, StatsRepository.Sums> months = new TreeMap<>();
    for (StatsRepository.Sums s : raw.months) {
      months.put(s.key(), s);
    }

    Suppression s = new Suppression();
    s.cell("T", total[0], schemeExposure).cell("U", holders, holderExposure)
        .cell("I", issued, exposure(issued, fewest(newCards.values())));
    List<String> venueCells = new ArrayList<>();
    Map<Category, List<String>> categoryVenueCells = new TreeMap<>();
    for (StatsRepository.VenueSums v : raw.venues) {
      s.cell("v:" + v.venueId(), v.visits(), raw.venueChildren.get(v.venueId()));
      venueCells.add("v:" + v.venueId());
      categoryVenueCells.computeIfAbsent(v.category(), c -> new ArrayList<>()).add("v:" + v.venueId());
    }
    List<String> categoryCells = new ArrayList<>();
    for (Map.Entry<Category, List<String>> e : categoryVenueCells.entrySet()) {
      long visits = raw.venues.stream().filter(v -> v.category() == e.getKey()).mapToLong(v -> v.visits()).sum();
      s.cell("c:" + e.getKey(), visits, raw.categoryChildren.get(e.getKey()));
      categoryCells.add("c:" + e.getKey());
      s.equation("c:" + e.getKey(), e.getValue());
    }
    s.equation("T", venueCells).equation("T", categoryCells);
    List<String> monthCells = new ArrayList<>();
    for (var m : period.months()) {
      StatsRepository.Sums sums = months.get(m.toString());
      s.cell("m:" + m, sums == null ? 0 : sums.visits(), raw.monthHolders.getOrDefault(m.toString(), 0L));
      monthCells.add("m:" + m);
    }
    s.equation("T", monthCells);
    List<String> ageVisits = new ArrayList<>();
    List<String> ageHolders = new ArrayList<>();
    List<String> ageIssued = new ArrayList<>();
    for (AgeBand b : AgeBand.values()) {
      long[] v = bands.get(b);
      long bandExposure = exposure(v[0], fewest(bandMonths.getOrDefault(b, Map.of()).values()));
      long bandHolderExposure = exposure(bandExposure, fewest(bandNewcomers.getOrDefault(b, Map.of()).values()));
      s.cell("a:" + b, v[2], bandExposure).cell("h:" + b, v[0], bandHolderExposure).cell("i:" + b, v[1],
          exposure(v[1], fewest(bandNewCards.getOrDefault(b, Map.of()).values())));
      ageVisits.add("a:" + b);
      ageHolders.add("h:" + b);
      ageIssued.add("i:" + b);
    }
    s.equation("T", ageVisits).equation("U", ageHolders).equation("I", ageIssued);
    Set<String> hidden = s.hidden();

    List<Table.Line> venueLines = new ArrayList<>();
    for (StatsRepository.VenueSums v : raw.venues) {
      boolean h = hidden.contains("v:" + v.venueId());
      venueLines.add(new Table.Line(v.venueId(), v.name(), false,
          counts(h, v.visits(), v.companions(), v.conflicts(), v.unverified())));
    }
    boolean th = hidden.contains("T");
    Table venues = new Table("venues", List.of("col.visits", "col.companions", "col.conflicts", "col.unverified"),
        venueLines, new Table.Line("total", "row.total", true, counts(th, total[0], total[1], total[2], total[3])));

    List<Table.Line> categoryLines = new ArrayList<>();
    for (Category c : categoryVenueCells.keySet()) {
      long visits = 0;
      long companions = 0;
      for (StatsRepository.VenueSums v : raw.venues) {
        if (v.category() == c) {
          visits += v.visits();
          companions += v.companions();
        }
      }
      categoryLines.add(new Table.Line(c.name(), "category." + c, true,
          counts(hidden.contains("c:" + c), visits, companions)));
    }
    Table categories = new Table("categories", List.of("col.visits", "col.companions"), categoryLines,
        new Table.Line("total", "row.total", true, counts(th, total[0], total[1])));

    boolean uh = hidden.contains("U");
    List<Table.Line> monthLines = new ArrayList<>();
    for (var m : period.months()) {
      StatsRepository.Sums sums = months.get(m.toString());
      long children = raw.monthHolders.getOrDefault(m.toString(), 0L);
      boolean h = hidden.contains("m:" + m);
      monthLines.add(new Table.Line(m.toString(), m.toString(), false, List.of(
          Figure.count(sums == null ? 0 : sums.visits(), h), Figure.count(sums == null ? 0 : sums.companions(), h),
          Figure.count(children, Suppression.small(children)))));
    }
    Table monthTable = new Table("months", List.of("col.visits", "col.companions", "col.holders"), monthLines,
        new Table.Line("total", "row.total", true, List.of(Figure.count(total[0], th), Figure.count(total[1], th),
            Figure.count(holders, uh))));

    boolean ih = hidden.contains("I");
    List<Table.Line> ageLines = new ArrayList<>();
    for (AgeBand b : AgeBand.values()) {
      long[] v = bands.get(b);
      if (b == AgeBand.UNKNOWN && v[0] == 0 && v[1] == 0 && v[2] == 0) {
        continue;
      }
      boolean hh = hidden.contains("h:" + b);
      boolean hi = hidden.contains("i:" + b);
      boolean hv = hidden.contains("a:" + b);
      ageLines.add(new Table.Line(b.name(), "age." + b, true, List.of(Figure.count(v[0], hh), Figure.count(v[1], hi),
          Figure.share(v[0], v[1], hh || hi), Figure.count(v[2], hv), Figure.count(v[3], hv))));
    }
    Figure share = Figure.share(holders, issued, uh || ih);
    Table ages = new Table("ages", List.of("col.holders", "col.issued", "col.share", "col.visits", "col.companions"),
        ageLines, new Table.Line("total", "row.total", true, List.of(Figure.count(holders, uh),
        Figure.count(issued, ih), share, Figure.count(total[0], th), Figure.count(total[1], th))));

    return new Statistics(period, venues, categories, monthTable, ages, Figure.count(total[0], th),
        Figure.count(total[1], th), Figure.count(holders, uh), Figure.count(issued, ih), share,
        Figure.count(total[2], th), Figure.count(total[3], th));
  }

  private static List<Figure> counts(boolean hidden, long... values) {
    List<Figure> out = new ArrayList<>();
    for (long v : values) {
      out.add(Figure.count(v, hidden));
    }
    return out;
  }
}
