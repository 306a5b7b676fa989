package no.klipp.server.db;

import java.sql.SQLException;

/** A database failure; unchecked so repositories stay readable. */
public final class DataAccessException extends RuntimeException {

  public DataAccessException(String message, SQLException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }

  /** True when the cause is a unique or primary key violation (on either dialect). */
  public boolean isUniqueViolation() {
    return Database.isUniqueViolation((SQLException) getCause());
  }
}
