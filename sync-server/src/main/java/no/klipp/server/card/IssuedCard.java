package no.klipp.server.card;

/**
 * A card with the text of its current QR credential ({@code KL1:...}), for printing or an app;
 * null when the key that signed it is retired (the card is to be replaced).
 */
public record IssuedCard(Card card, String credential) {}
