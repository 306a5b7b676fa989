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
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.IssuerKeyring;
import no.klipp.protocol.card.IssuingKey;
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
      LedgerSnapshot s = f.snapshot();
      LedgerSnapshot rotated = new LedgerSnapshot(s.venueId(), "cursor-2", s.serverTime(), s.scheme(),
          List.of(new IssuerPublicKey(Fixtures.SCHEME, 1, FORGER.publicEntry().publicKeyBase64())), s.offers(),
          s.cards(), s.revocations(), s.usage());
      new SnapshotImport(h.ledger).replace(rotated, NOW);
      h.clock.advance(Duration.ofMinutes(5));
      Verdict after = h.qr(1);
      assertFalse(after.admitted());
      assertEquals(Reason.INVALID_CODE, after.reason());
    }
  }
}
