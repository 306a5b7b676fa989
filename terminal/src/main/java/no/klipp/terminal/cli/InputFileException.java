package no.klipp.terminal.cli;

/** An input file given on the command line is missing or unreadable. */
final class InputFileException extends RuntimeException {
  InputFileException(String message) {
    super(message);
  }
}
