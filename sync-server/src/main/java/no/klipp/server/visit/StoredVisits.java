package no.klipp.server.visit;

import java.sql.SQLException;
import java.util.List;
import no.klipp.server.db.Sql;

/**
 * Told of the visits a batch newly stored, inside the transaction that stores them, so that
 * figures kept beside the visits (dashboard statistics) commit or roll back with them.
 */
@FunctionalInterface
public interface StoredVisits {

  /** {@code rows} were just stored (repeats are not passed again), in upload order. */
  void stored(Sql sql, List<VisitRow> rows) throws SQLException;

  /**
   * {@code corrections} were stored before the admissions they refer to, and placed in the same
   * transaction as those admissions, after {@link #stored}: a void took nothing back when it was
   * stored (its admission unknown), and takes it back now.
   */
  default void placed(Sql sql, List<VisitRow> corrections) throws SQLException {}

  /** The transaction that stored a batch committed (after {@link #stored}); e.g. to start work on it. */
  default void committed() {}
}
