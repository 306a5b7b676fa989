package no.klipp.protocol.sync;

/**
 * A terminal's first call: the one-time enrollment code, what software it runs, and an
 * installation id it made for this enrollment (random, at least 16 characters): asking again with
 * the same code and id shortly after, because the answer was lost, gets a new token instead of a
 * refusal. A null id (older terminals) makes the code strictly one-time.
 */
public record EnrollRequest(String code, String softwareVersion, String installationId) {

  /** A request without an installation id. */
  public EnrollRequest(String code, String softwareVersion) {
    this(code, softwareVersion, null);
  }
}
