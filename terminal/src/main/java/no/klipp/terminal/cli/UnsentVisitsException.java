package no.klipp.terminal.cli;

/** A command refused because it would leave visits behind that the server has not received. */
final class UnsentVisitsException extends RuntimeException {

  UnsentVisitsException(String message) {
    super(message);
  }
}
