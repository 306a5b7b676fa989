package no.klipp.protocol.sync;

/**
 * Visits of a card under an offer in one quota period ({@link QuotaPeriod#key}) recorded by the
 * venue's <em>other</em> terminals; a terminal adds its own visits to these.
 */
public record UsageCount(String cardNumber, String offerId, String period, int count) {}
