package no.klipp.server.terminal;

import java.time.Instant;

/**
 * A terminal of a venue, with the status it last reported: when it last called, its software,
 * how many visits it still holds, its clock offset, and up to which sequence number every visit
 * has arrived; {@code visitsLost}, how many of its visits neither it nor the server holds any more. {@code staffed}: a desk with staff, whose ledger gets the holders' first names;
 * set at registration, false unless asked for (an unattended entrance never shows a name).
 */
public record Terminal(
    String id,
    String venueId,
    String name,
    boolean staffed,
    TerminalState state,
    Instant createdAt,
    Instant enrolledAt,
    Instant revokedAt,
    Instant lastContactAt,
    String softwareVersion,
    Integer visitsWaiting,
    Long clockOffsetMillis,
    long sequenceComplete,
    long visitsLost) {}
