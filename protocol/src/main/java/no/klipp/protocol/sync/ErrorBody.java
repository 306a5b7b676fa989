package no.klipp.protocol.sync;

import java.time.Instant;

/** Every error answer of the API: a stable machine-readable code, a message for people, the server's time. */
public record ErrorBody(String code, String message, Instant serverTime) {}
