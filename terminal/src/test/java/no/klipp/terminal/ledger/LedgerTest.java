package no.klipp.terminal.ledger;

import static no.klipp.terminal.Fixtures.card;
import static no.klipp.terminal.Fixtures.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.sync.CardRecord;
import no.klipp.protocol.sync.IssuerPublicKey;
import no.klipp.protocol.sync.Json;
import no.klipp.protocol.sync.LedgerDelta;
import no.klipp.protocol.sync.QuotaPeriod;
import no.klipp.protocol.sync.Revocation;
import no.klipp.protocol.sync.UsageCount;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.validation.OfflinePolicy;
import no.klipp.terminal.validation.Reason;
import no.klipp.terminal.validation.TimeKeeper;
import no.klipp.terminal.validation.ValidationConfig;
import no.klipp.terminal.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

  static final Instant NOW = Instant.parse("2026-03-11T11:00:00Z");

  @TempDir Path dir;

  Fixtures venue() {
    Fixtures f = new Fixtures();
    f.offers.add(offer("cinema", 5, QuotaPeriod.CALENDAR_YEAR));
    for (int i = 1; i <= 50; i++) {
      f.cards.add(card(i));
    }
    f.revocations.add(new Revocation(Fixtures.number(3), 0, NOW));
    f.usage.add(new UsageCount(Fixtures.number(2), "cinema", "2026", 2));
    return f;
  }

  Validator validator(Ledger ledger) {
    ValidationConfig d = ValidationConfig.defaults("t-1");
    ValidationConfig config = new ValidationConfig("t-1", d.zone(), d.repeatWindow(), java.time.Duration.ZERO,
        d.undoWindow(), Optional.empty(), true, OfflinePolicy.off());
    return new Validator(ledger, config, new TimeKeeper(new FakeClock(NOW), Validator.savedMark(ledger)),
        new Random(1), Optional::empty);
  }

  @Test
  void snapshotFileLoadsAndStatsCountIt() throws Exception {
    Path file = dir.resolve("snapshot.json");
    Json.mapper().writeValue(file.toFile(), venue().snapshot());
    try (Ledger ledger = Ledger.open(dir.resolve("sub/dir/ledger.db"), Ledger.Mode.CREATE)) {
      SnapshotImport.Result result = new SnapshotImport(ledger).replace(SnapshotImport.read(file), NOW);
      assertEquals(50, result.cards());
      LedgerStats stats = LedgerStats.of(ledger);
      assertEquals(50, stats.cards());
      assertEquals(1, stats.offers());
      assertEquals(1, stats.revocations());
      assertEquals(1, stats.usageRows());
      assertEquals(Fixtures.VENUE, stats.venueId());
      assertEquals("cursor-1", stats.cursor());
      assertEquals(NOW.toString(), stats.lastSync());
      assertEquals(Migrations.latest(), stats.schemaVersion());
      Card c = new Roster(ledger).card(Fixtures.number(7)).orElseThrow();
      assertEquals("Kari", c.firstName());
      assertEquals(2015, c.birthYear());
      assertEquals(CredentialCodec.fingerprint(Fixtures.qr(7)), c.fingerprint());
      assertEquals(List.of("ok"), ledger.integrityCheck());
    }
  }

  @Test
  void aSnapshotWithoutNamesLoadsAndItsCardsValidateWithTheirBirthYear() throws Exception {
    Fixtures f = venue();
    f.cards.replaceAll(Fixtures::withoutName);
    Path file = dir.resolve("snapshot.json");
    Json.mapper().writeValue(file.toFile(), f.snapshot());
    assertTrue(Files.readString(file).contains("\"firstName\":null"), "the wire says null, as the server writes it");
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      assertEquals(50, new SnapshotImport(ledger).replace(SnapshotImport.read(file), NOW).cards());
      Card c = new Roster(ledger).card(Fixtures.number(7)).orElseThrow();
      assertNull(c.firstName());
      assertEquals(2015, c.birthYear());
      var v = validator(ledger).validate(new Scan.Qr(Fixtures.qr(7)), "cinema");
      assertTrue(v.admitted(), v.toString());
      assertEquals(new no.klipp.terminal.validation.Holder(null, 2015), v.holder());
    }
  }

  @Test
  void aDeltaWithoutANameTakesTheNameTheLedgerHadForThatCard() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
      new SnapshotImport(ledger).apply(new LedgerDelta("cursor-1", "cursor-2", NOW, null, List.of(), List.of(),
          List.of(), List.of(Fixtures.withoutName(card(7))), List.of(), List.of()), NOW);
      assertNull(new Roster(ledger).card(Fixtures.number(7)).orElseThrow().firstName());
      assertEquals("Kari", new Roster(ledger).card(Fixtures.number(8)).orElseThrow().firstName());
    }
  }

  @Test
  void pragmasAreWalAndFullSync() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      assertEquals("wal", ledger.read("", c -> pragma(c, "journal_mode")));
      assertEquals("2", ledger.read("", c -> pragma(c, "synchronous")));
    }
  }

  private static String pragma(java.sql.Connection c, String name) throws java.sql.SQLException {
    try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void reimportReplacesTheRosterAndKeepsVisits() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
      Validator v = validator(ledger);
      assertTrue(v.validate(new Scan.Qr(Fixtures.qr(1))).admitted());
      Fixtures smaller = new Fixtures();
      smaller.offers.add(offer("cinema", 5, QuotaPeriod.CALENDAR_YEAR));
      smaller.cards.add(card(1));
      new SnapshotImport(ledger).replace(smaller.snapshot(), NOW);
      LedgerStats stats = LedgerStats.of(ledger);
      assertEquals(1, stats.cards());
      assertEquals(0, stats.revocations());
      assertEquals(1, stats.visits());
      assertEquals(Reason.UNKNOWN_CARD, v.validate(new Scan.Typed(Fixtures.number(2))).reason(),
          "the validator sees the new roster");
    }
  }

  @Test
  void badSnapshotIsRefusedWholeWithAPreciseMessage() throws Exception {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
      Fixtures bad = venue();
      bad.cards.set(17, new CardRecord("1234567891", 0, null, NOW.atZone(java.time.ZoneOffset.UTC).toLocalDate(),
          NOW.atZone(java.time.ZoneOffset.UTC).toLocalDate(), 2015, "X", no.klipp.protocol.sync.CardStatus.ACTIVE, null));
      InvalidSnapshotException e = assertThrows(InvalidSnapshotException.class,
          () -> new SnapshotImport(ledger).replace(bad.snapshot(), NOW));
      assertTrue(e.getMessage().contains("cards[17]"), e.getMessage());
      assertEquals(50, LedgerStats.of(ledger).cards(), "nothing of it was loaded");
    }
    Path notJson = dir.resolve("x.json");
    Files.writeString(notJson, "{\"venueId\": \"v\", \"cards\": [ {\"cardNumber\": ");
    InvalidSnapshotException e = assertThrows(InvalidSnapshotException.class, () -> SnapshotImport.read(notJson));
    assertTrue(e.getMessage().contains("not a ledger snapshot"), e.getMessage());
    assertThrows(InvalidSnapshotException.class, () -> SnapshotImport.read(dir.resolve("missing.json")));
  }

  @Test
  void missingLedgerIsAClearError() {
    LedgerException e = assertThrows(LedgerException.class,
        () -> Ledger.open(dir.resolve("nothing.db"), Ledger.Mode.EXISTING));
    assertEquals(LedgerException.Problem.MISSING, e.problem());
    assertTrue(e.getMessage().contains("terminal ledger import"), e.getMessage());
  }

  @Test
  void garbageFileIsReportedCorrupt() throws Exception {
    Path file = dir.resolve("ledger.db");
    byte[] junk = new byte[8192];
    new Random(3).nextBytes(junk);
    Files.write(file, junk);
    LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(file, Ledger.Mode.EXISTING));
    assertEquals(LedgerException.Problem.CORRUPT, e.problem(), e.getMessage());
  }

  @Test
  void damagedPagesFailTheIntegrityCheck() throws Exception {
    Path file = dir.resolve("ledger.db");
    try (Ledger ledger = Ledger.open(file, Ledger.Mode.CREATE)) {
      Fixtures f = venue();
      for (int i = 51; i < 3000; i++) {
        f.cards.add(card(i));
      }
      new SnapshotImport(ledger).replace(f.snapshot(), NOW);
      ledger.read("checkpoint", c -> c.createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    byte[] bytes = Files.readAllBytes(file);
    // Overwrite the middle pages (past the header and schema) with noise.
    Random r = new Random(5);
    for (int i = bytes.length / 3; i < bytes.length / 3 + 16384; i++) {
      bytes[i] = (byte) r.nextInt();
    }
    Files.write(file, bytes);
    LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(file, Ledger.Mode.EXISTING));
    assertEquals(LedgerException.Problem.CORRUPT, e.problem(), e.getMessage());
  }

  @Test
  void newerSchemaIsRefused() {
    Path file = dir.resolve("ledger.db");
    try (Ledger ledger = Ledger.open(file, Ledger.Mode.CREATE)) {
      ledger.read("", c -> c.createStatement().execute("PRAGMA user_version = 99"));
    }
    LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(file, Ledger.Mode.EXISTING));
    assertEquals(LedgerException.Problem.NEWER_VERSION, e.problem());
  }

  @Test
  void fullDiskRefusesToAdmitAndLosesNothingRecorded() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
    }
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
      ledger.read("", c -> c.createStatement().execute("VACUUM")); // no free pages left to fill
      Validator v = validator(ledger);
      assertTrue(v.validate(new Scan.Qr(Fixtures.qr(1))).admitted());
      long pages = ledger.read("", c -> Long.parseLong(pragma(c, "page_count")));
      ledger.read("", c -> c.createStatement().execute("PRAGMA max_page_count = " + pages));
      int admitted = 0;
      LedgerException full = null;
      for (int i = 4; i < 50 && full == null; i++) {
        try {
          if (v.validate(new Scan.Qr(Fixtures.qr(i))).admitted()) {
            admitted++;
          }
        } catch (LedgerException e) {
          full = e;
        }
      }
      assertTrue(full != null, "the ledger filled up");
      assertEquals(LedgerException.Problem.DISK_FULL, full.problem());
      assertTrue(full.getMessage().contains("disk is full"), full.getMessage());
      ledger.read("", c -> c.createStatement().execute("PRAGMA max_page_count = 1073741823"));
      assertEquals(1 + admitted, new Outbox(ledger).totalCount(), "every verdict given is recorded, nothing more");
      assertTrue(v.validate(new Scan.Qr(Fixtures.qr(49))).admitted(), "works again once there is space");
      assertEquals(List.of("ok"), ledger.integrityCheck());
    }
  }

  @Test
  void noStatementIsLeftOpenSoTheWalCanBeCheckpointed() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
      Validator v = validator(ledger);
      for (int i = 4; i < 30; i++) {
        v.validate(new Scan.Qr(Fixtures.qr(i)));
      }
      v.undo(v.validate(new Scan.Qr(Fixtures.qr(30))).visitId());
      new Outbox(ledger).pending(5);
      LedgerStats.of(ledger);
      int[] result = ledger.read("checkpoint", c -> {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
          rs.next();
          return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)};
        }
      });
      assertEquals(0, result[0], "checkpoint blocked by a statement left in progress");
      assertEquals(result[1], result[2], "every WAL frame checkpointed");
    }
  }

  @Test
  void outboxHandsOutOldestFirstAndForgetsAcknowledged() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
      Validator v = validator(ledger);
      for (int i = 4; i < 14; i++) {
        assertTrue(v.validate(new Scan.Qr(Fixtures.qr(i))).admitted());
      }
      Outbox outbox = new Outbox(ledger);
      var first = outbox.pending(4);
      assertEquals(List.of(1L, 2L, 3L, 4L), first.stream().map(no.klipp.protocol.sync.Visit::sequence).toList());
      assertEquals(4, outbox.markAcknowledged(first));
      assertEquals(0, outbox.markAcknowledged(List.of(first.getFirst())), "already acknowledged");
      assertEquals(6, outbox.pendingCount());
      assertEquals(10, outbox.totalCount());
      assertEquals(10, outbox.lastSequence());
      assertEquals(5L, outbox.pending(100).getFirst().sequence());
      assertEquals(Optional.of(NOW), outbox.oldestPending());
      assertEquals(Reason.REVOKED, v.validate(new Scan.Qr(Fixtures.qr(3))).reason());
    }
  }

  @Test
  void deltaAddsCardsRevocationsUsageAndRemovesOffers() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      Fixtures f = venue();
      f.offers.add(offer("popcorn", 1, QuotaPeriod.DAY));
      new SnapshotImport(ledger).replace(f.snapshot(), NOW);
      Validator v = validator(ledger);
      assertEquals(Reason.UNKNOWN_CARD, v.validate(new Scan.Typed(Fixtures.number(60))).reason());
      LedgerDelta delta = new LedgerDelta("cursor-1", "cursor-2", NOW, null, null, null, List.of("popcorn"),
          List.of(card(60)), List.of(new Revocation(Fixtures.number(5), 0, NOW)),
          List.of(new UsageCount(Fixtures.number(6), "cinema", "2026", 5)));
      new SnapshotImport(ledger).apply(delta, NOW);
      assertTrue(v.validate(new Scan.Typed(Fixtures.number(60))).admitted());
      assertEquals(Reason.REVOKED, v.validate(new Scan.Qr(Fixtures.qr(5))).reason());
      assertEquals(Reason.QUOTA_USED, v.validate(new Scan.Qr(Fixtures.qr(6))).reason());
      assertEquals(List.of("cinema"), new Roster(ledger).offers().stream().map(o -> o.id()).toList());
      assertEquals(Optional.of("cursor-2"), ledger.meta(Meta.CURSOR));
    }
  }

  @Test
  void deltaWithAKeyIdNoCredentialCanNameIsRefusedAndScansGoOn() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
      Validator v = validator(ledger);
      String key = Fixtures.KEY.publicEntry().publicKeyBase64();
      LedgerDelta delta = new LedgerDelta("cursor-1", "cursor-2", NOW, null,
          List.of(new IssuerPublicKey(Fixtures.SCHEME, 257, key)), null, null, null, null, null);
      InvalidSnapshotException e = assertThrows(InvalidSnapshotException.class,
          () -> new SnapshotImport(ledger).apply(delta, NOW));
      assertTrue(e.getMessage().contains("issuerKeys[0]: keyId 257"), e.getMessage());
      LedgerDelta badScheme = new LedgerDelta("cursor-1", "cursor-2", NOW, null,
          List.of(new IssuerPublicKey(-1, 1, key)), null, null, null, null, null);
      e = assertThrows(InvalidSnapshotException.class, () -> new SnapshotImport(ledger).apply(badScheme, NOW));
      assertTrue(e.getMessage().contains("issuerKeys[0]: schemeId -1"), e.getMessage());
      assertTrue(v.validate(new Scan.Qr(Fixtures.qr(1))).admitted());
    }
  }

  /** 32 bytes that decode to no point of the curve: Base64 and length are right, the key is not. */
  private static final String NOT_A_POINT = java.util.Base64.getEncoder().encodeToString(filled(32, 0xff));

  private static byte[] filled(int n, int b) {
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, (byte) b);
    return out;
  }

  @Test
  void deltaWithAKeyThatIsNoCurvePointIsRefusedAndScansGoOn() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
      Validator v = validator(ledger);
      LedgerDelta delta = new LedgerDelta("cursor-1", "cursor-2", NOW, null,
          List.of(new IssuerPublicKey(Fixtures.SCHEME, 2, NOT_A_POINT)), null, null, null, null, null);
      InvalidSnapshotException e = assertThrows(InvalidSnapshotException.class,
          () -> new SnapshotImport(ledger).apply(delta, NOW));
      assertTrue(e.getMessage().contains("issuerKeys[0]"), e.getMessage());
      assertTrue(v.validate(new Scan.Qr(Fixtures.qr(1))).admitted());
    }
  }

  @Test
  void keyThatIsNoCurvePointAlreadyInTheLedgerIsIgnored() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
      // As a ledger loaded before keys were checked for being points could hold it.
      ledger.write("plant a bad key", c -> c.createStatement().executeUpdate(
          "INSERT INTO issuer_key (scheme_id, key_id, public_key) VALUES (" + Fixtures.SCHEME + ", 2, '" + NOT_A_POINT
              + "')"));
      ledger.rosterChanged();
      assertTrue(validator(ledger).validate(new Scan.Qr(Fixtures.qr(1))).admitted());
    }
  }

  @Test
  void keyOutOfRangeAlreadyInTheLedgerIsIgnored() {
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.CREATE)) {
      new SnapshotImport(ledger).replace(venue().snapshot(), NOW);
      // As a ledger written before key ids were checked could hold it; packed into one long, key
      // 257 of the scheme below collided with the venue's key 1.
      String key = Fixtures.KEY.publicEntry().publicKeyBase64();
      ledger.write("plant a bad key", c -> c.createStatement().executeUpdate(
          "INSERT INTO issuer_key (scheme_id, key_id, public_key) VALUES (" + (Fixtures.SCHEME - 1) + ", 257, '" + key + "')"));
      ledger.rosterChanged();
      assertTrue(validator(ledger).validate(new Scan.Qr(Fixtures.qr(1))).admitted());
    }
  }

  @Test
  void aNewLedgerAndItsLogAreTheAgentsUsersOnly() throws Exception {
    Path path = dir.resolve("shared").resolve("ledger.db");
    java.nio.file.Files.createDirectories(path.getParent(),
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
    try (Ledger ledger = Ledger.open(path, Ledger.Mode.CREATE)) {
      OwnershipTest.append(ledger, "t-1");
      for (Path file : new Path[] {path, path.resolveSibling("ledger.db-wal")}) {
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
            java.nio.file.Files.getPosixFilePermissions(file)), file.toString());
      }
    }
  }
}
