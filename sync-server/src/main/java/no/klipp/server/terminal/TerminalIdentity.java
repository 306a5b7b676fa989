package no.klipp.server.terminal;

/** An authenticated terminal: which terminal, which venue, which scheme. */
public record TerminalIdentity(String terminalId, String venueId, long schemeId) {}
