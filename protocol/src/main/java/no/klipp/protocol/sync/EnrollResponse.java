package no.klipp.protocol.sync;

import java.time.Instant;

/**
 * The terminal's own credential: its id, its venue, and a bearer token it sends on every call
 * (a secret: stored on the terminal only, never logged).
 */
public record EnrollResponse(
    String terminalId, String venueId, String venueName, String token, Instant serverTime) {

  @Override
  public String toString() {
    return "EnrollResponse[terminalId=" + terminalId + ", venueId=" + venueId + "]";
  }
}
