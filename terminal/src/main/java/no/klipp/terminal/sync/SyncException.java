package no.klipp.terminal.sync;

import java.util.Optional;

/**
 * A sync call that did not succeed. The subclasses say what the loop should do about it: retry
 * later ({@link Unreachable}, {@link BadResponse}, {@link ServerTrouble}), stop sending what the
 * server refused ({@link Rejected}, {@link TooLarge}), or show that the terminal is no longer
 * allowed in ({@link NotAuthorized}).
 */
public abstract sealed class SyncException extends Exception {

  private final int status;
  private final String code;

  SyncException(String message, int status, String code, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  /** The server's error code ({@code ErrorBody.code}), when it sent one. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** Whether trying the same call again later may succeed. */
  public abstract boolean retryable();

  /** No answer: connection refused or reset, DNS failure, timeout, or a body cut short. */
  public static final class Unreachable extends SyncException {
    Unreachable(String message, Throwable cause) {
      super(message, 0, null, cause);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** An answer that is not what the API promises: garbled JSON, a missing body, a redirect. */
  public static final class BadResponse extends SyncException {
    BadResponse(String message, int status, Throwable cause) {
      super(message, status, null, cause);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** The server failed or asked to wait (5xx, 408, 429). */
  public static final class ServerTrouble extends SyncException {
    ServerTrouble(String message, int status, String code) {
      super(message, status, code, null);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** 401 or 403: the credential is unknown or the terminal was revoked; re-enrollment is needed. */
  public static final class NotAuthorized extends SyncException {
    NotAuthorized(String message, int status, String code) {
      super(message, status, code, null);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }

  /** 413: the request was too large; send less at once. */
  public static final class TooLarge extends SyncException {
    TooLarge(String message, String code) {
      super(message, 413, code, null);
    }

    @Override
    public boolean retryable() {
      return true;
    }
  }

  /** Any other 4xx: the server refused the request as a client's mistake, with its reason. */
  public static final class Rejected extends SyncException {
    Rejected(String message, int status, String code) {
      super(message, status, code, null);
    }

    @Override
    public boolean retryable() {
      return false;
    }
  }
}
