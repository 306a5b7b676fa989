package no.klipp.protocol.sync;

import java.time.Instant;

/** One revoked credential: a card's serial that must be refused (a lost card, or a revoked one). */
public record Revocation(String cardNumber, int credentialSerial, Instant revokedAt) {}
