package no.klipp.terminal.validation;

import static no.klipp.terminal.Fixtures.card;
import static no.klipp.terminal.Fixtures.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.CredentialForm;
import no.klipp.protocol.card.IssuerKeyring;
import no.klipp.protocol.card.IssuingKey;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.SnapshotImport;
import no.klipp.terminal.scan.Scan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedCodesTest {

  static final Instant NOW = Instant.parse("2026-03-11T11:00:00Z");
  // Same scheme and key id as the trusted key, different private key: what a forger would hold.
  static final IssuingKey FORGER = IssuingKey.fromSeed(Fixtures.SCHEME, 1, new byte[32]);

  @TempDir Path dir;

  private static VerifiedCodes codes(int capacity) {
    return new VerifiedCodes(new CredentialCodec(IssuerKeyring.of(Fixtures.KEY.publicEntry())), capacity);
  }

  @Test
  void aVerifiedTextIsRememberedAndAnsweredFromMemory() {
    VerifiedCodes codes = codes(8);
    Presented first = codes.read(new Scan.Qr(Fixtures.qr(1)));
    Presented again = codes.read(new Scan.Qr(new String(Fixtures.qr(1).toCharArray())));
    assertInstanceOf(Presented.Card.class, first);
    assertSame(first, again, "the second read of the exact text is the remembered one");
    assertEquals(1, codes.size());
  }

  @Test
  void alteredOrForgedTextsAreNeverAnsweredFromMemory() {
    VerifiedCodes codes = codes(8);
    String genuine = Fixtures.qr(1);
    assertInstanceOf(Presented.Card.class, codes.read(new Scan.Qr(genuine)));
    // Every single-character change of the genuine text (still Base45) must fail verification.
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    for (int i = CredentialCodec.PREFIX.length(); i < genuine.length(); i++) {
      char other = alphabet.charAt((alphabet.indexOf(genuine.charAt(i)) + 1) % alphabet.length());
      String altered = genuine.substring(0, i) + other + genuine.substring(i + 1);
      assertInstanceOf(Presented.Invalid.class, codes.read(new Scan.Qr(altered)), "altered at " + i);
    }
    String forged = CredentialCodec.issueQr(Fixtures.credential(1, 0), FORGER);
    assertFalse(forged.equals(genuine));
    assertInstanceOf(Presented.Invalid.class, codes.read(new Scan.Qr(forged)));
    assertInstanceOf(Presented.Invalid.class, codes.read(new Scan.Qr(forged)), "a rejection is not remembered");
    assertEquals(1, codes.size(), "only the genuine text is remembered");
  }

  @Test
  void theLeastRecentlyScannedTextIsDroppedWhenFull() {
    VerifiedCodes codes = codes(2);
    codes.read(new Scan.Qr(Fixtures.qr(1)));
    codes.read(new Scan.Qr(Fixtures.qr(2)));
    codes.read(new Scan.Qr(Fixtures.qr(3)));
    assertEquals(2, codes.size());
    assertInstanceOf(Presented.Card.class, codes.read(new Scan.Qr(Fixtures.qr(1))), "verified afresh");
  }

  @Test
  void aNewKeyringForgetsWhatTheOldOneVerified() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("cinema", null, QuotaPeriod.MONTH));
    f.cards.add(card(1));
    try (Harness h = new Harness(dir, f, NOW)) {
      assertTrue(h.qr(1).admitted());
      h.clock.advance(Duration.ofMinutes(5));
      assertTrue(h.qr(1).admitted(), "admitted again, from the remembered text");
      // The scheme rotates to the forger's key (as if key 1 were withdrawn): the old text no longer verifies.
      // Its roster holds no fingerprints, so the old text is verified (not vouched for) against the new keyring.
      LedgerSnapshot s = f.snapshot();
      LedgerSnapshot rotated = new LedgerSnapshot(s.venueId(), "cursor-2", s.serverTime(), s.scheme(),
          List.of(new IssuerPublicKey(Fixtures.SCHEME, 1, FORGER.publicEntry().publicKeyBase64())), s.offers(),
          withoutFingerprints(s.cards()), s.revocations(), s.usage());
      new SnapshotImport(h.ledger).replace(rotated, NOW);
      h.clock.advance(Duration.ofMinutes(5));
      Verdict after = h.qr(1);
      assertFalse(after.admitted());
      assertEquals(Reason.UNKNOWN_CARD, after.reason());
    }
  }

  @Test
  void theRostersFingerprintStandsInForTheSignatureOfExactlyThatCredential() throws java.io.IOException {
    Fixtures f = new Fixtures();
    f.offers.add(offer("cinema", null, QuotaPeriod.MONTH));
    f.cards.add(card(1));
    f.cards.addAll(withoutFingerprints(List.of(card(2))));
    // The keyring holds only the forger's key under id 1, so no genuine signature verifies here:
    // what is admitted is admitted on the roster's fingerprint alone.
    LedgerSnapshot s = f.snapshot();
    LedgerSnapshot forgersKeyring = new LedgerSnapshot(s.venueId(), s.cursor(), s.serverTime(), s.scheme(),
        List.of(new IssuerPublicKey(Fixtures.SCHEME, 1, FORGER.publicEntry().publicKeyBase64())), s.offers(),
        s.cards(), s.revocations(), s.usage());
    try (Harness h = new Harness(dir, f, NOW)) {
      new SnapshotImport(h.ledger).replace(forgersKeyring, NOW);
      assertTrue(h.qr(1).admitted(), "the genuine text of card 1 matches its fingerprint");
      assertEquals(Reason.UNKNOWN_CARD, h.qr(2).reason(), "card 2 has no fingerprint: verified, and fails");
      h.clock.advance(Duration.ofMinutes(5));
      // A text with card 1's fields and a signature that verifies under the trusted key, but another
      // fingerprint (another issue date): verified, not vouched for, and admitted on its signature.
      String signed = CredentialCodec.issueQr(new Credential(Fixtures.SCHEME, CardNumber.fromSerial(1), 0,
          Fixtures.ISSUED.plusDays(1), 1, CredentialForm.QR), FORGER);
      assertTrue(h.validator.validate(new Scan.Qr(signed)).admitted());
    }
    try (Harness h = new Harness(java.nio.file.Files.createDirectories(dir.resolve("genuine")), f, NOW)) {
      // With the genuine keyring, a forgery of card 1 has another fingerprint, so it is verified and refused.
      Verdict forged = h.validator.validate(new Scan.Qr(CredentialCodec.issueQr(Fixtures.credential(1, 0), FORGER)));
      assertEquals(Reason.UNKNOWN_CARD, forged.reason());
      assertTrue(h.qr(1).admitted());
    }
  }

  private static List<CardRecord> withoutFingerprints(List<CardRecord> cards) {
    return cards.stream().map(c -> new CardRecord(c.cardNumber(), c.credentialSerial(), null, c.validFrom(),
        c.validUntil(), c.birthYear(), c.firstName(), c.status(), c.offers())).toList();
  }
}
