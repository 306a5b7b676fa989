package no.klipp.terminal.validation;

/** Shown to staff only, to see that the card is the holder's: first name and birth year. */
public record Holder(String firstName, int birthYear) {}
