package no.klipp.server.terminal;

import java.time.Instant;

/**
 * A terminal of a venue, with the status it last reported: when it last called, its software,
 * how many visits it still holds, its clock offset, and up to which sequence number every visit
 * has arrived.
 */
public record Terminal(
    String id,
    String venueId,
    String name,
    TerminalState state,
    Instant createdAt,
    Instant enrolledAt,
    Instant revokedAt,
    Instant lastContactAt,
    String softwareVersion,
    Integer visitsWaiting,
    Long clockOffsetMillis,
    long sequenceComplete) {}
