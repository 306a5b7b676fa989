package no.klipp.protocol.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialCodecTest {

  private final IssuingKey key1 = TestKeys.key(TestKeys.SCHEME, 1);
  private final IssuingKey key2 = TestKeys.key(TestKeys.SCHEME, 2);
  private final Credential credential = new Credential(
      TestKeys.SCHEME, CardNumber.fromSerial(42), 1, LocalDate.of(2026, 3, 1), 1, CredentialForm.QR);

  @Test
  void qrTextIsShortAlphanumericAndRoundTrips() {
    String text = CredentialCodec.issueQr(credential, key1);
    assertEquals(CredentialCodec.TEXT_LENGTH, text.length());
    assertTrue(text.chars().allMatch(c -> Base45.ALPHABET.indexOf(c) >= 0), "QR alphanumeric mode only");
    ParseResult result = new CredentialCodec(IssuerKeyring.of(key1.publicEntry())).parseQr(text);
    assertEquals(credential, assertInstanceOf(ParseResult.Valid.class, result).credential());
  }

  @Test
  void keysRotateWithinOneScheme() {
    Credential newer = new Credential(TestKeys.SCHEME, CardNumber.fromSerial(43), 1, LocalDate.of(2026, 9, 1), 2, CredentialForm.QR);
    CredentialCodec both = new CredentialCodec(IssuerKeyring.of(key1.publicEntry(), key2.publicEntry()));
    assertTrue(both.parseQr(CredentialCodec.issueQr(credential, key1)).isValid());
    assertTrue(both.parseQr(CredentialCodec.issueQr(newer, key2)).isValid());
    CredentialCodec onlyNew = new CredentialCodec(IssuerKeyring.of(key2.publicEntry()));
    ParseResult retired = onlyNew.parseQr(CredentialCodec.issueQr(credential, key1));
    assertEquals(RejectReason.UNKNOWN_KEY, assertInstanceOf(ParseResult.Rejected.class, retired).reason());
  }

  @Test
  void keyringRefusesIdsNoCredentialCanName() {
    byte[] pk = key1.publicEntry().publicKey();
    assertThrows(IllegalArgumentException.class, () -> new IssuerKeyring.Entry(TestKeys.SCHEME, 256, pk));
    assertThrows(IllegalArgumentException.class, () -> new IssuerKeyring.Entry(TestKeys.SCHEME, -1, pk));
    assertThrows(IllegalArgumentException.class, () -> new IssuerKeyring.Entry(-1, 1, pk));
    assertThrows(IllegalArgumentException.class, () -> new IssuerKeyring.Entry(Credential.MAX_SCHEME_ID + 1, 1, pk));
    new IssuerKeyring.Entry(Credential.MAX_SCHEME_ID, Credential.MAX_KEY_ID, pk);
  }

  @Test
  void aKeyOfOneSchemeNeverVerifiesForTheNext() {
    // Scheme 4242 is even: as a packed slot, its key 256 + 1 was the slot of scheme 4243's key 1.
    IssuingKey other = TestKeys.key(TestKeys.OTHER_SCHEME, 1);
    Credential forOther = new Credential(
        TestKeys.OTHER_SCHEME, CardNumber.fromSerial(42), 1, LocalDate.of(2026, 3, 1), 1, CredentialForm.QR);
    assertThrows(IllegalArgumentException.class,
        () -> new IssuerKeyring.Entry(TestKeys.SCHEME, 257, other.publicEntry().publicKey()));
    ParseResult result = new CredentialCodec(IssuerKeyring.of(key1.publicEntry()))
        .parseQr(CredentialCodec.issueQr(forOther, other));
    assertEquals(RejectReason.UNKNOWN_KEY, assertInstanceOf(ParseResult.Rejected.class, result).reason());
  }

  @Test
  void aForgedKeyWithATrustedIdIsRefused() {
    IssuingKey forger = IssuingKey.generate(TestKeys.SCHEME, 1, new SecureRandom());
    ParseResult result = new CredentialCodec(IssuerKeyring.of(key1.publicEntry()))
        .parseQr(CredentialCodec.issueQr(credential, forger));
    assertEquals(RejectReason.BAD_SIGNATURE, assertInstanceOf(ParseResult.Rejected.class, result).reason());
  }

  @Test
  void nfcCredentialIsBoundToItsTag() {
    Credential nfc = credential.withForm(CredentialForm.NFC);
    byte[] uid = {4, 1, 2, 3, 4, 5, 6};
    byte[] payload = CredentialCodec.issueNfc(nfc, key1, uid);
    CredentialCodec codec = new CredentialCodec(IssuerKeyring.of(key1.publicEntry()));
    assertTrue(codec.parseNfc(payload, uid).isValid());
    byte[] otherTag = uid.clone();
    otherTag[6] = 7;
    assertEquals(RejectReason.BAD_SIGNATURE,
        assertInstanceOf(ParseResult.Rejected.class, codec.parseNfc(payload, otherTag)).reason());
  }

  @Test
  void fingerprintCoversEveryByteOfTheSignedCredential() {
    String text = CredentialCodec.issueQr(credential, key1);
    String fingerprint = CredentialCodec.fingerprint(text);
    assertEquals(CredentialCodec.FINGERPRINT_LENGTH, fingerprint.length());
    assertTrue(fingerprint.matches("[0-9a-f]+"), fingerprint);
    assertEquals(fingerprint, CredentialCodec.fingerprint(CredentialCodec.issueQr(credential, key1)), "deterministic");
    Credential replaced = new Credential(TestKeys.SCHEME, credential.cardNumber(), 2, credential.issuedOn(), 1, CredentialForm.QR);
    assertNotEquals(fingerprint, CredentialCodec.fingerprint(CredentialCodec.issueQr(replaced, key1)));
    // The same fields signed by another key: a forgery differs in its signature bytes only.
    IssuingKey forger = IssuingKey.generate(TestKeys.SCHEME, 1, new SecureRandom());
    assertNotEquals(fingerprint, CredentialCodec.fingerprint(CredentialCodec.issueQr(credential, forger)));
    assertThrows(IllegalArgumentException.class, () -> CredentialCodec.fingerprint("KL1:ABC"));
    assertThrows(IllegalArgumentException.class, () -> CredentialCodec.fingerprint(text.replace("KL1:", "KL2:")));
  }

  @Test
  void aVouchedForCredentialSkipsTheSignatureCheckAndOnlyThatOne() {
    CredentialCodec codec = new CredentialCodec(IssuerKeyring.of(key1.publicEntry()));
    String genuine = CredentialCodec.issueQr(credential, key1);
    String trusted = CredentialCodec.fingerprint(genuine);
    List<String> asked = new ArrayList<>();
    CredentialCodec.Vouch roster = (c, fingerprint) -> {
      asked.add(c.cardNumber().digits() + "/" + fingerprint);
      return fingerprint.equals(trusted);
    };
    assertEquals(credential, assertInstanceOf(ParseResult.Valid.class, codec.parseQr(genuine, roster)).credential());
    assertEquals(List.of(credential.cardNumber().digits() + "/" + trusted), asked);

    // A forgery of the same card: not the roster's fingerprint, so its signature is checked, and fails.
    String forged = CredentialCodec.issueQr(credential, IssuingKey.generate(TestKeys.SCHEME, 1, new SecureRandom()));
    assertEquals(RejectReason.BAD_SIGNATURE,
        assertInstanceOf(ParseResult.Rejected.class, codec.parseQr(forged, roster)).reason());

    // What the vouch is trusted with: it alone decides, so a vouch that says yes to anything skips the check.
    assertTrue(codec.parseQr(forged, (c, f) -> true).isValid());
    // ...but never for a key the keyring does not trust, nor for a tag, whose UID only the signature binds.
    String otherKey = CredentialCodec.issueQr(
        new Credential(TestKeys.SCHEME, credential.cardNumber(), 1, credential.issuedOn(), 2, CredentialForm.QR), key2);
    assertEquals(RejectReason.UNKNOWN_KEY,
        assertInstanceOf(ParseResult.Rejected.class, codec.parseQr(otherKey, (c, f) -> true)).reason());
  }

  @Test
  void issuingChecksItsArguments() {
    assertThrows(IllegalArgumentException.class, () -> CredentialCodec.issueQr(credential, key2), "key id mismatch");
    assertThrows(IllegalArgumentException.class, () -> CredentialCodec.issueNfc(credential, key1, new byte[] {1}), "QR form on a tag");
    Credential nfc = credential.withForm(CredentialForm.NFC);
    assertThrows(IllegalArgumentException.class, () -> CredentialCodec.issueNfc(nfc, key1, new byte[11]));
    assertThrows(IllegalArgumentException.class, () -> new Credential(-1, credential.cardNumber(), 1, credential.issuedOn(), 1, CredentialForm.QR));
    assertThrows(IllegalArgumentException.class, () -> new Credential(1, credential.cardNumber(), 70_000, credential.issuedOn(), 1, CredentialForm.QR));
    assertThrows(IllegalArgumentException.class, () -> new Credential(1, credential.cardNumber(), 1, LocalDate.of(1999, 1, 1), 1, CredentialForm.QR));
  }

  @Test
  void parsingAllocatesAFixedAmountWhateverTheInput() {
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    CredentialCodec codec = new CredentialCodec(IssuerKeyring.of(key1.publicEntry()));
    String valid = CredentialCodec.issueQr(credential, key1);
    String huge = "KL1:" + "A".repeat(10_000_000);
    byte[] hugeTag = new byte[10_000_000];
    for (int i = 0; i < 2_000; i++) {
      codec.parseQr(valid);
      codec.parseQr(huge);
    }
    for (Runnable parse : java.util.List.<Runnable>of(
        () -> codec.parseQr(valid), () -> codec.parseQr(huge), () -> codec.parseNfc(hugeTag, new byte[7]))) {
      long before = threads.getCurrentThreadAllocatedBytes();
      parse.run();
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertTrue(allocated < 8_192, "allocated " + allocated + " bytes");
    }
  }

  @Test
  void issuingKeyNeverPrintsItsSecret() {
    String shown = key1.toString();
    assertTrue(shown.contains("keyId=1"));
    assertTrue(!shown.contains(java.util.HexFormat.of().formatHex(key1.seed())));
  }
}
