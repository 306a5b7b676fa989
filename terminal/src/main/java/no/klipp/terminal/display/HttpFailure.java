package no.klipp.terminal.display;

/** A request the display answers with a 4xx: status, a stable code and a message for people. */
final class HttpFailure extends RuntimeException {

  private final int status;
  private final String code;

  HttpFailure(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
