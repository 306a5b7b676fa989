package no.klipp.protocol.sync;

/** Sequence numbers {@code from..to} (inclusive) of a terminal that the server has never received. */
public record SequenceGap(long from, long to) {}
