package no.klipp.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import no.klipp.protocol.card.CardNumber;
import no.klipp.protocol.card.Credential;
import no.klipp.protocol.card.CredentialCodec;
import no.klipp.protocol.card.CredentialForm;
import no.klipp.protocol.sync.Json;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.Fixtures;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.Outbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  static final Instant NOW = Instant.parse("2026-03-11T11:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(NOW);

  record Run(int code, String out, String err) {
    List<JsonNode> lines() throws Exception {
      List<JsonNode> out = new ArrayList<>();
      for (String line : this.out.split("\n")) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
      return out;
    }
  }

  Run run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(clock, new Random(7), new ByteArrayInputStream(stdin), new PrintStream(out, true),
        new PrintStream(err, true));
    int code = Cli.execute(args, env);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run run(String stdin, String... args) {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  String db() {
    return dir.resolve("ledger.db").toString();
  }

  Path demo() {
    Path snapshot = dir.resolve("demo.json");
    Run made = run("", "demo-ledger", "--out", snapshot.toString(), "--cards", "50");
    assertEquals(0, made.code(), made.err());
    Run imported = run("", "--db", db(), "ledger", "import", snapshot.toString());
    assertEquals(0, imported.code(), imported.err());
    assertTrue(imported.out().contains("50 cards"), imported.out());
    return dir.resolve("demo.codes.txt");
  }

  @Test
  void everyCommandAnswersHelpWithItsUsage() {
    for (String command : List.of("validate", "ledger", "run", "demo-ledger", "config", "enroll", "status")) {
      Run help = run("", command, "--help");
      assertEquals(0, help.code(), command + ": " + help.err());
      assertTrue(help.out().contains("Usage: terminal " + command), help.out());
    }
    Run help = run("", "ledger", "import", "--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("Usage: terminal ledger import"), help.out());
  }

  @Test
  void demoLedgerImportsAndItsCodesValidate() throws Exception {
    Path codes = demo();
    List<String> qr = Files.readAllLines(codes);
    assertEquals(50, qr.size());
    Run validated = run("", "--db", db(), "validate", "--input", codes.toString());
    assertEquals(0, validated.code(), validated.err());
    List<JsonNode> verdicts = validated.lines();
    assertEquals(50, verdicts.size());
    JsonNode first = verdicts.getFirst();
    assertTrue(first.get("admitted").asBoolean(), first.toString());
    assertEquals("ADMITTED", first.get("reason").asText());
    assertEquals("cinema", first.get("offerId").asText());
    assertTrue(first.get("holder").isNull(), "no holder without --staff");
    long admitted = verdicts.stream().filter(v -> v.get("admitted").asBoolean()).count();
    assertTrue(admitted >= 40, "most demo cards are admitted: " + admitted);
    assertTrue(verdicts.stream().anyMatch(v -> v.get("reason").asText().equals("QUOTA_USED")));
    assertTrue(verdicts.stream().anyMatch(v -> v.get("reason").asText().equals("REVOKED")));
    Run stats = run("", "--db", db(), "ledger", "stats");
    assertEquals(0, stats.code(), stats.err());
    JsonNode s = JSON.readTree(stats.out());
    assertEquals(50, s.get("cards").asInt());
    assertEquals(admitted, s.get("visitsPending").asLong());
  }

  @Test
  void badInputLinesGetInvalidCodeVerdictsAndTheLoopGoesOn() throws Exception {
    Path codes = demo();
    String good = Files.readAllLines(codes).getFirst();
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.write("hello\n".getBytes(StandardCharsets.UTF_8));
    in.write(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n'});
    in.write(("KL1:" + "X".repeat(1_000_000) + "\n").getBytes(StandardCharsets.UTF_8));
    in.write("nfc:zz:00\n".getBytes(StandardCharsets.UTF_8));
    in.write("1234 5678 9\n".getBytes(StandardCharsets.UTF_8));
    in.write("\n".getBytes(StandardCharsets.UTF_8));
    in.write((good + "\r\n").getBytes(StandardCharsets.UTF_8));
    Run r = run(in.toByteArray(), "--db", db(), "validate", "--staff");
    assertEquals(0, r.code(), r.err());
    List<JsonNode> verdicts = r.lines();
    assertEquals(7, verdicts.size(), r.out());
    for (int i = 0; i < 6; i++) {
      assertEquals("INVALID_CODE", verdicts.get(i).get("reason").asText(), verdicts.get(i).toString());
    }
    JsonNode last = verdicts.get(6);
    assertTrue(last.get("admitted").asBoolean(), last.toString());
    assertFalse(last.get("holder").isNull(), "--staff shows the holder");
  }

  @Test
  void aLedgerWithoutNamesValidatesAndTheStaffLineGivesTheBirthYearAlone() throws Exception {
    Fixtures f = new Fixtures();
    f.offers.add(Fixtures.offer("cinema", 5, no.klipp.protocol.sync.QuotaPeriod.CALENDAR_YEAR));
    f.cards.add(Fixtures.withoutName(Fixtures.card(1)));
    Path snapshot = dir.resolve("nameless.json");
    Json.mapper().writeValue(snapshot.toFile(), f.snapshot());
    Run imported = run("", "--db", db(), "ledger", "import", snapshot.toString());
    assertEquals(0, imported.code(), imported.err());

    Run r = run(Fixtures.qr(1) + "\n", "--db", db(), "validate", "--staff");
    assertEquals(0, r.code(), r.err());
    JsonNode verdict = r.lines().getFirst();
    assertTrue(verdict.get("admitted").asBoolean(), verdict.toString());
    assertEquals(2015, verdict.get("holder").get("birthYear").asInt(), verdict.toString());
    assertFalse(verdict.get("holder").has("firstName"), verdict.toString());
    assertFalse(r.out().contains("null,\"birthYear\""), r.out());
  }

  @Test
  void staffActionsUndoAndCompanions() throws Exception {
    Path codes = demo();
    String good = Files.readAllLines(codes).getFirst();
    Run r = run("undo\n" + good + "\ncompanions:1\ncompanions:1\nundo\nundo\n", "--db", db(), "validate");
    List<JsonNode> lines = r.lines();
    assertEquals("NOTHING_TO_DO", lines.get(0).get("outcome").asText());
    assertTrue(lines.get(1).get("admitted").asBoolean());
    assertEquals("DONE", lines.get(2).get("outcome").asText());
    assertEquals("TOO_MANY_COMPANIONS", lines.get(3).get("outcome").asText());
    assertEquals("DONE", lines.get(4).get("outcome").asText());
    assertEquals("ALREADY_VOIDED", lines.get(5).get("outcome").asText());
    try (Ledger ledger = Ledger.open(dir.resolve("ledger.db"), Ledger.Mode.EXISTING)) {
      assertEquals(3, new Outbox(ledger).totalCount());
    }
  }

  @Test
  void nfcLinesAreVerifiedAgainstTheTagUid() throws Exception {
    Fixtures f = new Fixtures();
    f.offers.add(Fixtures.offer("cinema", 5, no.klipp.protocol.sync.QuotaPeriod.CALENDAR_YEAR));
    f.cards.add(Fixtures.card(1));
    Path snapshot = dir.resolve("s.json");
    Json.mapper().writeValue(snapshot.toFile(), f.snapshot());
    assertEquals(0, run("", "--db", db(), "ledger", "import", snapshot.toString()).code());
    byte[] uid = {4, 1, 2, 3, 4, 5, 6};
    Credential nfc = new Credential(Fixtures.SCHEME, CardNumber.fromSerial(1), 0, Fixtures.ISSUED, 1, CredentialForm.NFC);
    String payload = HexFormat.of().formatHex(CredentialCodec.issueNfc(nfc, Fixtures.KEY, uid));
    String copied = "nfc:" + payload + ":04010203040507";
    Run r = run(copied + "\nnfc:" + payload + ":" + HexFormat.of().formatHex(uid) + "\n", "--db", db(), "validate");
    List<JsonNode> lines = r.lines();
    assertEquals("UNKNOWN_CARD", lines.get(0).get("reason").asText(), "copied to another tag");
    assertTrue(lines.get(0).get("detail").asText().contains("BAD_SIGNATURE"));
    assertEquals("ADMITTED", lines.get(1).get("reason").asText());
  }

  @Test
  void aLedgerWithoutIssuerKeysAnswersNotReadyAndStatusSaysWhy() throws Exception {
    Fixtures f = new Fixtures();
    f.offers.add(Fixtures.offer("cinema", 5, no.klipp.protocol.sync.QuotaPeriod.CALENDAR_YEAR));
    f.cards.add(Fixtures.card(1));
    no.klipp.protocol.sync.LedgerSnapshot s = f.snapshot();
    Path snapshot = dir.resolve("keyless.json");
    Json.mapper().writeValue(snapshot.toFile(), new no.klipp.protocol.sync.LedgerSnapshot(s.venueId(), s.cursor(),
        s.serverTime(), s.scheme(), List.of(), s.offers(), s.cards(), s.revocations(), s.usage()));
    assertEquals(0, run("", "--db", db(), "ledger", "import", snapshot.toString()).code());
    Run r = run(Fixtures.qr(1) + "\nhello\n", "--db", db(), "validate");
    assertEquals(0, r.code(), r.err());
    List<JsonNode> lines = r.lines();
    assertEquals("NOT_READY", lines.get(0).get("reason").asText(), lines.get(0).toString());
    assertFalse(lines.get(0).get("admitted").asBoolean());
    assertTrue(lines.get(0).get("cardNumber").isNull());
    assertEquals("INVALID_CODE", lines.get(1).get("reason").asText(), "not a card code at all");
    Run status = run("", "--db", db(), "status");
    assertEquals(0, status.code(), status.err());
    assertTrue(status.out().contains("no issuer keys"), status.out());
  }

  @Test
  void missingLedgerSaysHowToLoadOne() {
    Run r = run("x\n", "--db", dir.resolve("none.db").toString(), "validate");
    assertEquals(ExitCodes.LEDGER, r.code());
    assertTrue(r.err().contains("terminal ledger import"), r.err());
    assertFalse(Files.exists(dir.resolve("none.db")), "validate never creates an empty ledger");
  }

  @Test
  void corruptLedgerIsReported() throws Exception {
    Files.write(dir.resolve("ledger.db"), "this is not a database at all, just text........".repeat(100).getBytes());
    Run r = run("x\n", "--db", db(), "ledger", "stats");
    assertEquals(ExitCodes.LEDGER, r.code());
    assertTrue(r.err().contains("not a valid database") || r.err().contains("damaged"), r.err());
  }

  @Test
  void badConfigurationNamesEveryKeyAndValue() throws Exception {
    Path config = dir.resolve("terminal.properties");
    Files.writeString(config, "validation.repeatWindow=soon\noffline.maxAdmissionsPerCard=-1\nvalidation.zone=Mars/Base\n");
    Run r = run("", "--config", config.toString(), "--db", db(), "validate");
    assertEquals(ExitCodes.CONFIG, r.code());
    assertTrue(r.err().contains("validation.repeatWindow=soon"), r.err());
    assertTrue(r.err().contains("offline.maxAdmissionsPerCard=-1"), r.err());
    assertTrue(r.err().contains("validation.zone=Mars/Base"), r.err());
    Run missing = run("", "--config", dir.resolve("nope.properties").toString(), "validate");
    assertEquals(ExitCodes.CONFIG, missing.code());
    assertTrue(missing.err().contains("does not exist"), missing.err());
  }

  @Test
  void overflowingAndOverlongDurationsAreConfigurationErrors() throws Exception {
    Path config = dir.resolve("terminal.properties");
    Files.writeString(config, "validation.repeatWindow=99999999999999999999s\nvalidation.passbackWindow=9999999999d\n"
        + "validation.undoWindow=367d\n");
    Run r = run("", "--config", config.toString(), "--db", db(), "validate");
    assertEquals(ExitCodes.CONFIG, r.code(), r.err());
    assertTrue(r.err().contains("validation.repeatWindow=99999999999999999999s: expected a duration up to 366d"), r.err());
    assertTrue(r.err().contains("validation.passbackWindow=9999999999d"), r.err());
    assertTrue(r.err().contains("validation.undoWindow=367d"), r.err());
  }

  @Test
  void syncTimeoutBeyondWhatHttpTakesIsAConfigurationError() throws Exception {
    Path config = dir.resolve("terminal.properties");
    for (String timeout : List.of("30d", "PT0.0005S")) {
      Files.writeString(config, "sync.timeout=" + timeout + "\nsync.credential=" + dir.resolve("credential.json") + "\n");
      Run r = run("", "--config", config.toString(), "--db", db(), "enroll", "--server", "http://127.0.0.1:9",
          "--code", "abc");
      assertEquals(ExitCodes.CONFIG, r.code(), r.err());
      assertTrue(r.err().contains("sync.timeout=" + timeout), r.err());
    }
  }

  @Test
  void defaultOfferMustBeAnOfferOfTheVenue() throws Exception {
    demo();
    Path config = dir.resolve("terminal.properties");
    Files.writeString(config, "validation.defaultOffer=bowling\n");
    Run r = run("", "--config", config.toString(), "--db", db(), "validate");
    assertEquals(ExitCodes.CONFIG, r.code());
    assertTrue(r.err().contains("bowling"), r.err());
  }

  @Test
  void badSnapshotFileIsAnInputError() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "[1, 2, 3]");
    Run r = run("", "--db", db(), "ledger", "import", bad.toString());
    assertEquals(ExitCodes.INPUT, r.code());
    assertTrue(r.err().contains("not a ledger snapshot"), r.err());
    Run none = run("", "--db", db(), "ledger", "import", dir.resolve("none.json").toString());
    assertEquals(ExitCodes.INPUT, none.code());
  }

  @Test
  void unknownCommandIsAUsageError() {
    Run r = run("", "frobnicate");
    assertEquals(ExitCodes.USAGE, r.code());
  }

  @Test
  void runValidatesStandardInput() throws Exception {
    Path codes = demo();
    List<String> qr = Files.readAllLines(codes);
    Run r = run(qr.get(0) + "\n" + qr.get(1) + "\n", "--db", db(), "run");
    assertEquals(0, r.code(), r.err());
    assertEquals(2, r.lines().size());
    assertTrue(r.lines().getFirst().get("admitted").asBoolean());
  }
}
