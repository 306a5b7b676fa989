package no.klipp.server.stats;

import java.util.List;

/**
 * A published table: its rows and total row, every figure already checked for small counts.
 * Column names and labels marked {@code translated} are message keys.
 */
public record Table(String id, List<String> columns, List<Line> lines, Line total) {

  /** A row: a label (a message key when {@code translated}) and one figure per column. */
  public record Line(String key, String label, boolean translated, List<Figure> figures) {
    public Line {
      figures = List.copyOf(figures);
    }
  }

  public Table {
    columns = List.copyOf(columns);
    lines = List.copyOf(lines);
  }
}
