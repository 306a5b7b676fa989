package no.klipp.server.card;

/** A card with the text of its current QR credential ({@code KL1:...}), for printing or an app. */
public record IssuedCard(Card card, String credential) {}
