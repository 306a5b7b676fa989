package no.klipp.protocol.card;

/** Why a scanned or read credential was not accepted. A closed set, so callers can switch on it. */
public enum RejectReason {
  /** Nothing was read. */
  EMPTY,
  /** More data than any credential has; refused before decoding. */
  TOO_LONG,
  /** Text that does not start with the credential prefix: not a Klipp code at all. */
  WRONG_PREFIX,
  /** A credential format version this software does not know. */
  UNKNOWN_VERSION,
  /** Characters or values that are not valid Base45. */
  BAD_ENCODING,
  /** Fewer bytes than a credential has. */
  TRUNCATED,
  /** More bytes than a credential has. */
  TRAILING_DATA,
  /** A field with an impossible value, such as a card number with a wrong check digit. */
  BAD_FIELD,
  /** A QR credential read from a tag, or a tag credential shown as text. */
  WRONG_FORM,
  /** No issuing key with this scheme and key id is known (or it is no longer trusted). */
  UNKNOWN_KEY,
  /** The signature does not verify: forged, altered, or (NFC) copied onto another tag. */
  BAD_SIGNATURE
}
