package no.klipp.protocol.sync;

/** A terminal's first call: the one-time enrollment code, and what software it runs. */
public record EnrollRequest(String code, String softwareVersion) {}
