package no.klipp.server.visit;

/** A card's visits under one offer in one quota period are counted together. */
public record UsageKey(String cardNumber, String offerId, String period) {}
