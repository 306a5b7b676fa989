package no.klipp.terminal.validation;

/**
 * Shown to staff only, to see that the card is the holder's: first name and birth year. The name is
 * null when the server no longer keeps it (erased a while after the card expired).
 */
public record Holder(String firstName, int birthYear) {}
