package no.klipp.protocol.sync;

import java.time.Instant;

/**
 * The terminal's own credential: its id, its venue, and a bearer token it sends on every call
 * (a secret: stored on the terminal only, never logged). {@code lastSequence} is the highest visit
 * sequence number the server holds from this terminal id (0 for a new one; null from older
 * servers): a terminal enrolled again on a fresh ledger (a new SD card) numbers its visits above
 * it, so the server's gap detection keeps seeing every number.
 */
public record EnrollResponse(
    String terminalId, String venueId, String venueName, String token, Instant serverTime, Long lastSequence) {

  /** An answer without the last sequence number, as older servers send it. */
  public EnrollResponse(String terminalId, String venueId, String venueName, String token, Instant serverTime) {
    this(terminalId, venueId, venueName, token, serverTime, null);
  }

  @Override
  public String toString() {
    return "EnrollResponse[terminalId=" + terminalId + ", venueId=" + venueId + ", lastSequence=" + lastSequence + "]";
  }
}
