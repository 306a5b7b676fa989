package no.klipp.server.db;

import java.sql.SQLException;

/** Database work done with one connection. */
@FunctionalInterface
public interface Work<T> {
  T run(Sql sql) throws SQLException;
}
