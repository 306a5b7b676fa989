package no.klipp.protocol.sync;

/**
 * What a terminal tells the server about itself with each upload, for the fleet overview and for
 * gap detection: {@code lastSequence} is the highest sequence number it has recorded (null from
 * older terminals), so a server that lost the last visits it had acknowledged (a database restored
 * from an older backup) can ask for them again even when the terminal records nothing new.
 */
public record TerminalReport(String softwareVersion, int visitsWaiting, Long clockOffsetMillis, Long lastSequence) {

  /** A report without the last sequence number, as older terminals send it. */
  public TerminalReport(String softwareVersion, int visitsWaiting, Long clockOffsetMillis) {
    this(softwareVersion, visitsWaiting, clockOffsetMillis, null);
  }
}
