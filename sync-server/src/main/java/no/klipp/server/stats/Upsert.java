package no.klipp.server.stats;

import java.sql.SQLException;
import java.util.List;
import no.klipp.server.db.Sql;

/** Multi-row upserts that add to stored counts, in chunks. */
final class Upsert {

  /** Rows per multi-row statement: few round trips, far below both dialects' parameter limits. */
  static final int CHUNK = 500;

  private Upsert() {}

  /** A multi-row {@code INSERT ... ON CONFLICT DO UPDATE} adding {@code sums} to the stored row. */
  static void add(Sql sql, String target, String key, List<String> sums, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    String table = target.substring(0, target.indexOf(' '));
    StringBuilder set = new StringBuilder();
    for (String s : sums) {
      set.append(set.isEmpty() ? "" : ", ").append(s).append(" = ").append(table).append('.').append(s)
          .append(" + excluded.").append(s);
    }
    int width = rows.getFirst().length;
    for (int i = 0; i < rows.size(); i += CHUNK) {
      List<Object[]> part = rows.subList(i, Math.min(rows.size(), i + CHUNK));
      StringBuilder text = new StringBuilder("INSERT INTO ").append(target).append(" VALUES ");
      Object[] args = new Object[part.size() * width];
      for (int r = 0; r < part.size(); r++) {
        text.append(r == 0 ? "" : ", ").append(Sql.placeholders(width));
        System.arraycopy(part.get(r), 0, args, r * width, width);
      }
      text.append(" ON CONFLICT (").append(key).append(") DO UPDATE SET ").append(set);
      sql.update(text.toString(), args);
    }
  }

}
