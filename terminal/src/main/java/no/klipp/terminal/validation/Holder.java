package no.klipp.terminal.validation;

/**
 * Shown to staff only, to see that the card is the holder's: first name and birth year. The first
 * name is null when the ledger has none: the server sends names only to terminals registered as
 * staffed desks, and erases them a while after a card expired.
 */
public record Holder(String firstName, int birthYear) {}
