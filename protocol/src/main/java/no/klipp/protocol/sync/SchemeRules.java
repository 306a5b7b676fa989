package no.klipp.protocol.sync;

/**
 * A scheme's rules as terminals apply them: the age range, the default number of companions, and
 * whether a card not yet in the ledger but with a verified credential may be admitted.
 */
public record SchemeRules(
    long schemeId, String name, int minAge, int maxAge, int companions, boolean admitUnknownCards) {}
