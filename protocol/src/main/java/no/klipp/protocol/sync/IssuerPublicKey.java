package no.klipp.protocol.sync;

/** A scheme's issuing public key (Base64, 32 bytes), so terminals can verify cards offline. */
public record IssuerPublicKey(long schemeId, int keyId, String publicKey) {}
