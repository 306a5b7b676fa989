-- The fingerprint of each card's current QR credential (CredentialCodec.fingerprint: 128 bits of
-- SHA-256 over the signed bytes), sent to terminals with the roster so that a scan of exactly that
-- credential needs no signature check. Null for cards issued before: terminals verify those.
ALTER TABLE card ADD COLUMN fingerprint TEXT;
