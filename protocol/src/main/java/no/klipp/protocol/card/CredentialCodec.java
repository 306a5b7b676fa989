package no.klipp.protocol.card;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Objects;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Version 1 of the card credential: a compact signed binary form, shown as {@code KL1:} + Base45
 * in a QR code or written raw to an NFC tag, where the signature also covers the tag's UID.
 *
 * <pre>
 * offset size  field
 *      0    1  version (1)
 *      1    1  form (1 = QR, 2 = NFC bound to the tag UID)
 *      2    4  scheme id, unsigned big-endian
 *      6    5  card number as a number, big-endian
 *     11    2  credential serial, unsigned
 *     13    2  issue date, days since 2000-01-01
 *     15    1  issuer key id
 *     16   64  Ed25519 signature over DOMAIN || bytes 0..15 [|| uid length || uid]
 * </pre>
 *
 * <p>Parsing is total: any input yields a {@link ParseResult}; it never throws for bad input,
 * refuses anything longer than a credential before decoding it, and allocates a fixed amount.
 */
public final class CredentialCodec {

  /** The version this codec reads and writes. */
  public static final int VERSION = 1;
  /** The text prefix of a version-1 credential in a QR code. */
  public static final String PREFIX = "KL1:";
  /** Bytes before the signature. */
  public static final int BODY_LENGTH = 16;
  /** Total binary length of a version-1 credential. */
  public static final int LENGTH = BODY_LENGTH + Ed25519.SIGNATURE_SIZE;
  /** Length of a version-1 credential's text form. */
  public static final int TEXT_LENGTH = PREFIX.length() + (LENGTH / 2) * 3;
  /** Inputs longer than this are refused before any decoding. */
  public static final int MAX_TEXT_LENGTH = 256;
  /** Longest NFC tag UID accepted (ISO 14443 UIDs are 4, 7 or 10 bytes). */
  public static final int MAX_UID_LENGTH = 10;
  /** Hex digits of a fingerprint: the first 128 bits of SHA-256 over a QR credential's signed bytes. */
  public static final int FINGERPRINT_LENGTH = 32;

  private static final byte[] DOMAIN = "KLIPP-CREDENTIAL-V1".getBytes(StandardCharsets.US_ASCII);
  private static final int MESSAGE_CAPACITY = DOMAIN.length + BODY_LENGTH + 1 + MAX_UID_LENGTH;

  private final IssuerKeyring keyring;

  /**
   * Recognises a decoded, not yet verified QR credential by its fingerprint, as a roster from the
   * server does: the server signed that very credential, so its signature need not be checked again.
   */
  @FunctionalInterface
  public interface Vouch {
    /** True when {@code fingerprint} is the one a trusted source holds for this credential's card. */
    boolean vouches(Credential unverified, String fingerprint);
  }

  /** A codec that trusts the keys of {@code keyring}. */
  public CredentialCodec(IssuerKeyring keyring) {
    this.keyring = Objects.requireNonNull(keyring, "keyring == null");
  }

  // ---- issuing --------------------------------------------------------------------------------

  /** The QR text of a credential, signed with {@code key}. */
  public static String issueQr(Credential credential, IssuingKey key) {
    requireForm(credential, CredentialForm.QR);
    return PREFIX + Base45.encode(sign(credential, key, null));
  }

  /** The NFC payload of a credential, signed with {@code key} and bound to {@code tagUid}. */
  public static byte[] issueNfc(Credential credential, IssuingKey key, byte[] tagUid) {
    requireForm(credential, CredentialForm.NFC);
    Objects.requireNonNull(tagUid, "tagUid == null");
    if (tagUid.length == 0 || tagUid.length > MAX_UID_LENGTH) {
      throw new IllegalArgumentException("tag UID must be 1.." + MAX_UID_LENGTH + " bytes: " + tagUid.length);
    }
    return sign(credential, key, tagUid);
  }

  private static void requireForm(Credential credential, CredentialForm form) {
    Objects.requireNonNull(credential, "credential == null");
    if (credential.form() != form) {
      throw new IllegalArgumentException("credential form is " + credential.form() + ", expected " + form);
    }
  }

  private static byte[] sign(Credential c, IssuingKey key, byte[] uid) {
    Objects.requireNonNull(key, "key == null");
    if (key.schemeId() != c.schemeId() || key.keyId() != c.keyId()) {
      throw new IllegalArgumentException(key + " cannot sign for scheme " + c.schemeId() + " key " + c.keyId());
    }
    byte[] out = new byte[LENGTH];
    writeBody(c, out);
    byte[] message = new byte[MESSAGE_CAPACITY];
    int length = message(out, uid, message);
    key.sign(message, length, out, BODY_LENGTH);
    return out;
  }

  private static void writeBody(Credential c, byte[] out) {
    out[0] = VERSION;
    out[1] = (byte) c.form().code;
    putUnsigned(out, 2, 4, c.schemeId());
    putUnsigned(out, 6, 5, c.cardNumber().value());
    putUnsigned(out, 11, 2, c.serial());
    putUnsigned(out, 13, 2, c.issuedOn().toEpochDay() - Credential.EPOCH.toEpochDay());
    out[15] = (byte) c.keyId();
  }

  /**
   * The fingerprint of a QR credential (as {@link #issueQr} gives it): the first 128 bits of SHA-256
   * over its 80 signed bytes, signature included, in hex. Any other text, or a changed byte, gives
   * another fingerprint; finding a second text with the same one is as hard as a SHA-256 second
   * preimage (of 128 bits).
   *
   * @throws IllegalArgumentException if {@code qrText} is not a well-formed version-1 QR credential
   */
  public static String fingerprint(String qrText) {
    Objects.requireNonNull(qrText, "qrText == null");
    byte[] data = new byte[LENGTH];
    if (qrText.length() != TEXT_LENGTH || !qrText.startsWith(PREFIX)
        || !Base45.decode(qrText, PREFIX.length(), qrText.length(), data)) {
      throw new IllegalArgumentException("not a version-1 QR credential");
    }
    return fingerprint(data);
  }

  private static String fingerprint(byte[] data) {
    SHA256Digest sha = new SHA256Digest();
    sha.update(data, 0, data.length);
    byte[] hash = new byte[sha.getDigestSize()];
    sha.doFinal(hash, 0);
    return HexFormat.of().formatHex(hash, 0, FINGERPRINT_LENGTH / 2);
  }

  // ---- parsing --------------------------------------------------------------------------------

  /** Parses and verifies the text of a scanned QR code. */
  public ParseResult parseQr(CharSequence text) {
    return parseQr(text, null);
  }

  /**
   * Parses the text of a scanned QR code; a credential from a trusted key that {@code vouch}
   * recognises by its fingerprint is valid without the signature check (the expensive part), any
   * other is verified. A null {@code vouch} recognises nothing.
   */
  public ParseResult parseQr(CharSequence text, Vouch vouch) {
    if (text == null || text.isEmpty()) {
      return reject(RejectReason.EMPTY, "nothing was scanned");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      return reject(RejectReason.TOO_LONG, "scan of " + text.length() + " characters is longer than any card");
    }
    Optional<ParseResult> prefixProblem = checkPrefix(text);
    if (prefixProblem.isPresent()) {
      return prefixProblem.get();
    }
    int chars = text.length() - PREFIX.length();
    int bytes = Base45.decodedLength(chars);
    if (bytes < 0) {
      return reject(RejectReason.BAD_ENCODING, "Base45 text of " + chars + " characters is impossible");
    }
    byte[] data = new byte[bytes];
    if (!Base45.decode(text, PREFIX.length(), text.length(), data)) {
      return reject(RejectReason.BAD_ENCODING, "not Base45");
    }
    return verify(data, CredentialForm.QR, null, vouch);
  }

  /** Parses and verifies the payload read from an NFC tag with the given UID. */
  public ParseResult parseNfc(byte[] payload, byte[] tagUid) {
    if (payload == null || payload.length == 0) {
      return reject(RejectReason.EMPTY, "the tag holds no credential");
    }
    if (payload.length > MAX_TEXT_LENGTH) {
      return reject(RejectReason.TOO_LONG, "tag payload of " + payload.length + " bytes is longer than any card");
    }
    if (tagUid == null || tagUid.length == 0 || tagUid.length > MAX_UID_LENGTH) {
      return reject(RejectReason.BAD_FIELD, "tag UID missing or longer than " + MAX_UID_LENGTH + " bytes");
    }
    // Never vouched for: a fingerprint is of the QR form, and only the signature binds the tag's UID.
    return verify(payload, CredentialForm.NFC, tagUid, null);
  }

  private static Optional<ParseResult> checkPrefix(CharSequence text) {
    // "KL<digits>:" is ours; any other start is some other code (a web address, a ticket).
    if (text.length() < 3 || text.charAt(0) != 'K' || text.charAt(1) != 'L') {
      return Optional.of(reject(RejectReason.WRONG_PREFIX, "not a Klipp card code"));
    }
    int i = 2;
    while (i < text.length() && i < 6 && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
      i++;
    }
    if (i == 2 || i >= text.length() || text.charAt(i) != ':') {
      return Optional.of(reject(RejectReason.WRONG_PREFIX, "not a Klipp card code"));
    }
    if (i != 3 || text.charAt(2) != '0' + VERSION) {
      return Optional.of(reject(RejectReason.UNKNOWN_VERSION,
          "card code version " + text.subSequence(2, i) + " is not supported"));
    }
    return Optional.empty();
  }

  private ParseResult verify(byte[] data, CredentialForm expectedForm, byte[] uid, Vouch vouch) {
    if (data.length >= 1 && (data[0] & 0xff) != VERSION) {
      return reject(RejectReason.UNKNOWN_VERSION, "credential version " + (data[0] & 0xff) + " is not supported");
    }
    if (data.length < LENGTH) {
      return reject(RejectReason.TRUNCATED, data.length + " bytes, a credential has " + LENGTH);
    }
    if (data.length > LENGTH) {
      return reject(RejectReason.TRAILING_DATA, data.length + " bytes, a credential has " + LENGTH);
    }
    CredentialForm form = CredentialForm.fromCode(data[1] & 0xff);
    if (form == null) {
      return reject(RejectReason.BAD_FIELD, "unknown form " + (data[1] & 0xff));
    }
    if (form != expectedForm) {
      return reject(RejectReason.WRONG_FORM, "a " + form + " credential read as " + expectedForm);
    }
    long schemeId = getUnsigned(data, 2, 4);
    Optional<CardNumber> card = CardNumber.fromValue(getUnsigned(data, 6, 5));
    if (card.isEmpty()) {
      return reject(RejectReason.BAD_FIELD, "card number check digit is wrong");
    }
    int serial = (int) getUnsigned(data, 11, 2);
    LocalDate issuedOn = Credential.EPOCH.plusDays(getUnsigned(data, 13, 2));
    int keyId = data[15] & 0xff;
    Optional<Ed25519PublicKeyParameters> key = keyring.find(schemeId, keyId);
    if (key.isEmpty()) {
      return reject(RejectReason.UNKNOWN_KEY, "no trusted key " + keyId + " for scheme " + schemeId);
    }
    Credential credential = new Credential(schemeId, card.get(), serial, issuedOn, keyId, form);
    if (vouch != null && vouch.vouches(credential, fingerprint(data))) {
      return new ParseResult.Valid(credential);
    }
    byte[] message = new byte[MESSAGE_CAPACITY];
    int length = message(data, uid, message);
    if (!key.get().verify(Ed25519.Algorithm.Ed25519, null, message, 0, length, data, BODY_LENGTH)) {
      return reject(RejectReason.BAD_SIGNATURE,
          uid == null ? "signature does not verify" : "signature does not verify for this tag");
    }
    return new ParseResult.Valid(credential);
  }

  private static int message(byte[] credential, byte[] uid, byte[] out) {
    System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
    System.arraycopy(credential, 0, out, DOMAIN.length, BODY_LENGTH);
    int length = DOMAIN.length + BODY_LENGTH;
    if (uid != null) {
      out[length++] = (byte) uid.length;
      System.arraycopy(uid, 0, out, length, uid.length);
      length += uid.length;
    }
    return length;
  }

  private static ParseResult reject(RejectReason reason, String detail) {
    return new ParseResult.Rejected(reason, detail);
  }

  private static void putUnsigned(byte[] out, int offset, int size, long value) {
    for (int i = size - 1; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  private static long getUnsigned(byte[] in, int offset, int size) {
    long value = 0;
    for (int i = 0; i < size; i++) {
      value = (value << 8) | (in[offset + i] & 0xff);
    }
    return value;
  }
}
