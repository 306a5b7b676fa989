package no.klipp.protocol.sync;

/** What a terminal tells the server about itself with each upload, for the fleet overview. */
public record TerminalReport(String softwareVersion, int visitsWaiting, Long clockOffsetMillis) {}
