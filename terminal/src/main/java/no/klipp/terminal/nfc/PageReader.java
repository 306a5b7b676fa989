package no.klipp.terminal.nfc;

/** Reads a Type 2 tag (NTAG, MIFARE Ultralight) four pages (16 bytes) at a time. */
@FunctionalInterface
interface PageReader {

  /** The 16 bytes from {@code page} on; throws when the tag stops answering. */
  byte[] read(int page) throws TagGoneException;

  /** The tag left the field or stopped answering mid-read. */
  final class TagGoneException extends Exception {
    TagGoneException(String message) {
      super(message);
    }
  }
}
