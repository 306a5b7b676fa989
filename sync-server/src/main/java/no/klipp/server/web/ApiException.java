package no.klipp.server.web;

import java.time.DateTimeException;
import java.util.Optional;

/** A client's mistake or a refusal, answered with {@code status} and an ErrorBody of {@code code} and message. */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final long retryAfterSeconds;

  public ApiException(int status, String code, String message) {
    this(status, code, message, 0);
  }

  private ApiException(int status, String code, String message, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds the client should wait before trying again (a Retry-After header); 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** 400: the request is malformed or breaks a rule. */
  public static ApiException invalid(String message) {
    return new ApiException(400, "invalid", message);
  }

  /** 401: no valid credential. */
  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  /** 403: the caller may not do this (another tenant's data, or a revoked terminal). */
  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  /** 404: no such thing. */
  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what + " not found");
  }

  /** 429: too many failed attempts; try again after {@code seconds}. */
  public static ApiException tooManyAttempts(String message, long seconds) {
    return new ApiException(429, "too_many_attempts", message, Math.max(1, seconds));
  }

  /** 409: conflicts with what is stored (a name taken, a state that does not allow it). */
  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  /**
   * The 400 for a date too far out for java.time, if {@code e} is that failure: a plain
   * DateTimeException (a value out of range), or an ArithmeticException thrown inside java.time
   * (an overflowing date, as {@code Instant.toEpochMilli} of year -999,999,999). Every date of a
   * request is bounded where it is parsed ({@link Dates}), so this is only a backstop for one
   * that was missed; it is narrow so that it cannot pass our own bugs off as the client's. Those
   * stay 500: a division by zero or any arithmetic outside java.time, a wrong field asked of a
   * temporal (UnsupportedTemporalTypeException), an unknown zone (ZoneRulesException), and a
   * DateTimeParseException, since request text is parsed under its own catch and an escaping one
   * means our parse of stored or configured text failed.
   */
  public static Optional<ApiException> dateOutOfRange(Throwable e) {
    boolean date = e.getClass() == DateTimeException.class || e instanceof ArithmeticException && inJavaTime(e);
    return date ? Optional.of(invalid("a date in the request is out of range: " + e.getMessage())) : Optional.empty();
  }

  /** Whether java.time threw {@code e}, itself or through java.lang (Math's exact arithmetic). */
  private static boolean inJavaTime(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      String c = frame.getClassName();
      if (c.startsWith("java.time.")) {
        return true;
      }
      if (!c.startsWith("java.lang.")) {
        return false;
      }
    }
    return false;
  }
}
