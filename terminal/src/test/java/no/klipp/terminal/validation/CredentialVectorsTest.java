package no.klipp.terminal.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.CredentialVectors;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.CardStatus;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.protocol.sync.LedgerSnapshot;
import no.klipp.protocol.sync.Offer;
import no.klipp.protocol.sync.SchemeRules;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.SnapshotImport;
import no.klipp.terminal.scan.Scan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol's shared credential vectors, through the terminal's own parsing path and validator. */
class CredentialVectorsTest {

  static final long SCHEME = 4242;
  static final Instant NOW = Instant.parse("2026-03-11T11:00:00Z");

  @TempDir Path dir;

  static Scan scan(CredentialVectors.Vector v) {
    return v.form().equals("nfc")
        ? new Scan.Nfc(v.payload() == null ? new byte[0] : v.payload(), v.uid() == null ? new byte[0] : v.uid())
        : new Scan.Qr(v.qrText());
  }

  @Test
  void everyVectorParsesAsExpected() {
    CredentialVectors.Vectors vectors = CredentialVectors.load();
    CredentialCodec codec = new CredentialCodec(vectors.keyring());
    assertTrue(vectors.vectors().size() > 20);
    for (CredentialVectors.Vector v : vectors.vectors()) {
      Presented p = Presented.of(scan(v), codec);
      if (v.valid()) {
        Presented.Card card = assertInstanceOf(Presented.Card.class, p, v.name());
        assertEquals(v.credential().orElseThrow(), card.credential(), v.name());
      } else {
        Presented.Invalid invalid = assertInstanceOf(Presented.Invalid.class, p, v.name());
        assertTrue(invalid.detail().startsWith(v.expect() + ":"), v.name() + ": " + invalid.detail());
      }
    }
  }

  @Test
  void everyVectorGetsTheRightVerdict() {
    CredentialVectors.Vectors vectors = CredentialVectors.load();
    List<IssuerPublicKey> keys = vectors.keys().stream()
        .map(k -> new IssuerPublicKey(k.schemeId(), k.keyId(), k.publicKeyBase64())).toList();
    // The roster holds the QR vectors' fingerprints, so valid QR scans take the vouched path and NFC
    // (and any QR the roster has no fingerprint for) the verified one: both must give the same verdicts.
    java.util.Map<String, CardRecord> byNumber = new java.util.LinkedHashMap<>();
    for (CredentialVectors.Vector v : vectors.vectors()) {
      v.credential().filter(c -> c.schemeId() == SCHEME).ifPresent(c -> byNumber.merge(c.cardNumber().digits(),
          new CardRecord(c.cardNumber().digits(), c.serial(), v.fingerprint().orElse(null), LocalDate.of(2026, 1, 1),
              LocalDate.of(2026, 12, 31), 2015, "Test", CardStatus.ACTIVE, List.of()),
          (old, fresh) -> old.fingerprint() != null ? old : fresh));
    }
    List<CardRecord> cards = new ArrayList<>(byNumber.values());
    assertTrue(cards.stream().anyMatch(c -> c.fingerprint() != null), "some scans are vouched for");
    Offer unlimited = new Offer("entry", "v", "Entry", null, null, 1, null, null, List.of(), null, false);
    LedgerSnapshot snapshot = new LedgerSnapshot("v", "c", NOW, new SchemeRules(SCHEME, "Vectors", 5, 18, 1, false),
        keys, List.of(unlimited), cards.stream().distinct().toList(), List.of(), List.of());
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(snapshot, NOW);
      FakeClock clock = new FakeClock(NOW);
      Validator validator = new Validator(ledger, Harness.config(), new TimeKeeper(clock, Instant.EPOCH), new Random(1),
          () -> Optional.of(NOW));
      for (CredentialVectors.Vector v : vectors.vectors()) {
        clock.advance(java.time.Duration.ofMinutes(1));
        Verdict verdict = validator.validate(scan(v));
        if (!v.valid()) {
          // Read in full but vouched for by no key here: not a misread to scan again.
          Reason expected = v.expect().equals("UNKNOWN_KEY") || v.expect().equals("BAD_SIGNATURE")
              ? Reason.UNKNOWN_CARD : Reason.INVALID_CODE;
          assertEquals(expected, verdict.reason(), v.name());
        } else if (v.credential().orElseThrow().schemeId() != SCHEME) {
          assertEquals(Reason.NOT_VALID_HERE, verdict.reason(), v.name() + ": a genuine card of another scheme");
        } else {
          assertTrue(verdict.admitted(), v.name() + ": " + verdict);
        }
        assertFalse(verdict.admitted() && verdict.visitId() == null, v.name());
      }
    }
  }
}
