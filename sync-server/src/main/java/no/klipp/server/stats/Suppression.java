package no.klipp.server.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small-count protection for published tables. A cell resting on 1 to 4 children is hidden
 * (primary suppression). Published totals are sums of published parts, so a hidden cell could be
 * worked out by subtraction; every sum ("equation") therefore must hide none or at least two of
 * its cells, and more cells are hidden until that holds everywhere (secondary suppression). A
 * final exact check ({@link #determined}) solves the published sums as a linear system and hides
 * everything of a table family if any hidden cell is still determined by them (fail closed).
 */
public final class Suppression {

  /** Fewer children than this are never shown. */
  public static final int THRESHOLD = 5;

  /** A cell: its value (used to pick the cheapest secondary cell) and the children it rests on. */
  public record Cell(String id, long value, long children) {}

  /** {@code total} is the sum of {@code parts}. */
  public record Equation(String total, List<String> parts) {
    public Equation {
      parts = List.copyOf(parts);
    }
  }

  private final Map<String, Cell> cells = new LinkedHashMap<>();
  private final List<Equation> equations = new ArrayList<>();

  /** Adds a cell. */
  public Suppression cell(String id, long value, long children) {
    cells.put(id, new Cell(id, value, children));
    return this;
  }

  /** Adds a published sum over cells already added. */
  public Suppression equation(String total, List<String> parts) {
    if (!cells.containsKey(total) || !cells.keySet().containsAll(parts)) {
      throw new IllegalArgumentException("equation over unknown cells: " + total + " = " + parts);
    }
    equations.add(new Equation(total, parts));
    return this;
  }

  /** True when a count of {@code children} must not be shown. */
  public static boolean small(long children) {
    return children > 0 && children < THRESHOLD;
  }

  /** The ids of the cells to hide. */
  public Set<String> hidden() {
    Set<String> hidden = new LinkedHashSet<>();
    for (Cell c : cells.values()) {
      if (small(c.children())) {
        hidden.add(c.id());
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Equation e : equations) {
        List<String> members = new ArrayList<>(e.parts());
        members.add(e.total());
        long unknown = members.stream().filter(hidden::contains).count();
        if (unknown == 1) {
          hidden.add(secondary(e, hidden));
          changed = true;
        }
      }
    }
    if (!determined(hidden).isEmpty()) {
      // The pairwise rule left a hidden cell computable through several sums together: hide all.
      hidden.addAll(cells.keySet());
    }
    return hidden;
  }

  /** The cell to hide beside a lone hidden one: the smallest visible non-zero part, else any part, else the total. */
  private String secondary(Equation e, Set<String> hidden) {
    String best = null;
    for (String p : e.parts()) {
      if (hidden.contains(p)) {
        continue;
      }
      Cell c = cells.get(p);
      if (best == null || rank(c) < rank(cells.get(best))) {
        best = p;
      }
    }
    return best != null ? best : e.total();
  }

  private static long rank(Cell c) {
    // Zero cells protect nothing: a hidden zero beside a hidden value still gives the value away
    // to anyone who knows the zero, so prefer the smallest non-zero value.
    return c.value() == 0 ? Long.MAX_VALUE : c.value();
  }

  /**
   * The hidden cells whose value the visible cells and the published sums determine exactly:
   * cell x is determined when the unit vector of x lies in the row space of the sums' coefficient
   * matrix restricted to hidden cells.
   */
  public Set<String> determined(Set<String> hidden) {
    List<String> unknowns = new ArrayList<>(hidden);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < unknowns.size(); i++) {
      index.put(unknowns.get(i), i);
    }
    List<double[]> rows = new ArrayList<>();
    for (Equation e : equations) {
      double[] row = new double[unknowns.size()];
      boolean any = false;
      if (index.containsKey(e.total())) {
        row[index.get(e.total())] -= 1;
        any = true;
      }
      for (String p : e.parts()) {
        if (index.containsKey(p)) {
          row[index.get(p)] += 1;
          any = true;
        }
      }
      if (any) {
        rows.add(row);
      }
    }
    int rank = rank(rows, unknowns.size());
    Set<String> out = new LinkedHashSet<>();
    for (String u : unknowns) {
      List<double[]> with = new ArrayList<>(rows);
      double[] unit = new double[unknowns.size()];
      unit[index.get(u)] = 1;
      with.add(unit);
      if (rank(with, unknowns.size()) == rank) {
        out.add(u);
      }
    }
    return out;
  }

  private static int rank(List<double[]> input, int width) {
    double[][] m = new double[input.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = input.get(i).clone();
    }
    int rank = 0;
    for (int col = 0; col < width && rank < m.length; col++) {
      int pivot = -1;
      for (int r = rank; r < m.length; r++) {
        if (Math.abs(m[r][col]) > 1e-9 && (pivot < 0 || Math.abs(m[r][col]) > Math.abs(m[pivot][col]))) {
          pivot = r;
        }
      }
      if (pivot < 0) {
        continue;
      }
      double[] t = m[pivot];
      m[pivot] = m[rank];
      m[rank] = t;
      for (int r = 0; r < m.length; r++) {
        if (r != rank && Math.abs(m[r][col]) > 1e-9) {
          double f = m[r][col] / m[rank][col];
          for (int c = col; c < width; c++) {
            m[r][c] -= f * m[rank][c];
          }
        }
      }
      rank++;
    }
    return rank;
  }
}
