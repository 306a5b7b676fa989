package no.klipp.protocol.sync;

/**
 * An issuing key a scheme no longer trusts (its private key leaked, say): terminals delete it, and
 * the cards signed with it are refused until they are replaced.
 */
public record RetiredIssuerKey(long schemeId, int keyId) {}
