package no.klipp.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import no.klipp.protocol.sync.ApiPaths;
import no.klipp.protocol.sync.Visit;
import no.klipp.terminal.FakeClock;
import no.klipp.terminal.ledger.Ledger;
import no.klipp.terminal.ledger.LedgerLock;
import no.klipp.terminal.ledger.Outbox;
import no.klipp.terminal.sync.FakeServer;
import no.klipp.terminal.sync.IdentityFile;
import no.klipp.terminal.sync.SyncClient;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code terminal enroll} and the ledger already on the terminal: kept for the same terminal,
 * archived for another, refused while it holds visits the server has not received.
 */
class EnrollTest {

  static final Instant NOW = Instant.parse("2026-03-11T11:00:00Z");

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(NOW);
  final FakeServer server = FakeServer.started();
  // Who the server says the next enrollment code is for.
  volatile String enrollsAs = "trm-A";
  // The highest sequence number the server says it holds from that terminal; null: not said.
  volatile Long serverLast;
  int tokens;
  List<String> codes;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void demoVenue() throws Exception {
    Path snapshot = dir.resolve("demo.json");
    assertEquals(0, run("", "demo-ledger", "--out", snapshot.toString(), "--cards", "20").code());
    codes = Files.readAllLines(dir.resolve("demo.codes.txt"));
    String body = Files.readString(snapshot);
    server.route(ApiPaths.ENROLL, req -> FakeServer.Answer.json("{\"terminalId\":\"" + enrollsAs
        + "\",\"venueId\":\"demo-cinema\",\"venueName\":\"Demo cinema\",\"token\":\"tok-" + (++tokens)
        + "\",\"serverTime\":\"2026-03-11T11:00:00Z\"" + (serverLast == null ? "" : ",\"lastSequence\":" + serverLast)
        + "}"));
    server.route(ApiPaths.LEDGER_SNAPSHOT, req -> FakeServer.Answer.json(body));
    // Uploads fail: the visits stay waiting unless a test marks them acknowledged.
    server.route(ApiPaths.VISITS, req -> new FakeServer.Answer(503, "", null));
    Files.writeString(dir.resolve("terminal.properties"), "ledger.path=" + ledgerPath() + "\nsync.credential="
        + dir.resolve("credential.json") + "\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(clock, new Random(7), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true), new PrintStream(err, true));
    int code = Cli.execute(args, env);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Path ledgerPath() {
    return dir.resolve("ledger.db");
  }

  Run enroll(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--config", dir.resolve("terminal.properties").toString(),
        "enroll", "--server", server.url().toString(), "--code", "ABCD-EFGH"));
    args.addAll(List.of(extra));
    return run("", args.toArray(String[]::new));
  }

  /** Admits these demo cards (by index: 0, 1, 2, 4, 5 and 6 are admitted); returns the visits waiting afterwards. */
  List<Visit> admit(int... cards) throws Exception {
    String scans = java.util.Arrays.stream(cards).mapToObj(codes::get).collect(java.util.stream.Collectors.joining("\n"));
    Run r = run(scans + "\n", "--config", dir.resolve("terminal.properties").toString(), "validate");
    assertEquals(0, r.code(), r.err());
    assertEquals(cards.length, r.out().lines().filter(l -> l.contains("\"admitted\":true")).count(), r.out());
    return waiting(ledgerPath());
  }

  static List<Visit> waiting(Path ledger) {
    try (Ledger l = Ledger.open(ledger, Ledger.Mode.EXISTING)) {
      return new Outbox(l).pending(1000);
    }
  }

  static long total(Path ledger) {
    try (Ledger l = Ledger.open(ledger, Ledger.Mode.EXISTING)) {
      return new Outbox(l).totalCount();
    }
  }

  void acknowledgeAll() {
    try (Ledger l = Ledger.open(ledgerPath(), Ledger.Mode.EXISTING)) {
      Outbox outbox = new Outbox(l);
      outbox.markAcknowledged(outbox.pending(1000));
    }
  }

  /** The ledger files in the directory besides the ledger itself: the archives. */
  List<Path> archives() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("ledger."))
          .filter(p -> !p.equals(ledgerPath()))
          // The lock stays beside the ledger; it is no archive.
          .filter(p -> !p.equals(ledgerPath().resolveSibling("ledger.db.lock"))).sorted().toList();
    }
  }

  void importDemoLedger() {
    Run imported = run("", "--config", dir.resolve("terminal.properties").toString(), "ledger", "import",
        dir.resolve("demo.json").toString());
    assertEquals(0, imported.code(), imported.err());
  }

  @Test
  void refusedWhileTheAgentHoldsTheLedgerWithoutSpendingTheCode() throws Exception {
    importDemoLedger();
    // Held in this JVM here; LedgerInUseTest holds it from another process.
    try (LedgerLock agent = LedgerLock.take(ledgerPath())) {
      Run r = enroll();
      assertEquals(ExitCodes.LEDGER, r.code(), r.err());
      assertTrue(r.err().contains("is in use by the running terminal agent"), r.err());
    }
    assertEquals(List.of(), server.seen, "the server was not asked");
    assertFalse(Files.exists(dir.resolve("credential.json")), "not enrolled");
    assertEquals(0, enroll().code());
  }

  @Test
  void visitsMadeBeforeEnrollingAreNotLeftBehindSilently() throws Exception {
    importDemoLedger();
    assertEquals(3, admit(0, 1, 2).size());
    assertEquals("local", waiting(ledgerPath()).getFirst().terminalId());
    enrollsAs = "trm-B";

    Run r = enroll();

    assertEquals(ExitCodes.LEDGER, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("3 visits recorded as terminal local"), r.err());
    assertTrue(r.err().contains("--discard-unsent"), r.err());
    assertFalse(Files.exists(dir.resolve("credential.json")), "not enrolled");
    assertEquals(List.of(), archives());
    List<Visit> still = waiting(ledgerPath());
    assertEquals(3, still.size());
    assertEquals(List.of(1L, 2L, 3L), still.stream().map(Visit::sequence).toList());
  }

  @Test
  void anotherTerminalIsRefusedWhileTheCurrentOneStillHasVisitsToSend() throws Exception {
    assertEquals(0, enroll().code());
    assertEquals(2, admit(0, 1).size());
    enrollsAs = "trm-B";

    Run r = enroll();

    assertEquals(ExitCodes.LEDGER, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("2 visits recorded as terminal trm-A"), r.err());
    assertTrue(r.err().contains("Let 'terminal run' send them first"), r.err());
    IdentityFile credential = new IdentityFile(dir.resolve("credential.json"));
    assertEquals("trm-A", credential.load().orElseThrow().terminalId(), "the credential that can send them stays");
    assertEquals("tok-1", credential.load().orElseThrow().token());
    assertEquals(List.of(), archives());
    assertEquals(2, waiting(ledgerPath()).size());
  }

  @Test
  void discardUnsentArchivesTheLedgerAndStartsAFreshOne() throws Exception {
    importDemoLedger();
    admit(0, 1, 2);
    enrollsAs = "trm-B";

    Run r = enroll("--discard-unsent");

    assertEquals(0, r.code(), r.out() + r.err());
    Path archive = dir.resolve("ledger.local.demo-cinema.20260311T110000Z.db");
    assertEquals(List.of(archive), archives());
    assertTrue(r.out().contains("archived as " + archive), r.out());
    assertEquals(3, waiting(archive).size(), "the unsent visits are kept in the archive");
    assertEquals(0, total(ledgerPath()));
    assertTrue(r.out().contains("Ledger loaded"), r.out());

    List<Visit> fresh = admit(0);
    assertEquals(1, fresh.size());
    assertEquals(1L, fresh.getFirst().sequence(), "the new terminal's sequence starts at 1");
    assertEquals("trm-B", fresh.getFirst().terminalId());
  }

  @Test
  void anotherTerminalTakesOverOnceEveryVisitHasReachedTheServer() throws Exception {
    assertEquals(0, enroll().code());
    admit(0, 1);
    acknowledgeAll();
    enrollsAs = "trm-B";

    Run r = enroll();

    assertEquals(0, r.code(), r.out() + r.err());
    Path archive = dir.resolve("ledger.trm-A.demo-cinema.20260311T110000Z.db");
    assertEquals(List.of(archive), archives());
    assertEquals(2, total(archive));
    assertEquals(0, total(ledgerPath()));
    assertEquals("trm-B", new IdentityFile(dir.resolve("credential.json")).load().orElseThrow().terminalId());
    List<Visit> fresh = admit(0);
    assertEquals(1L, fresh.getFirst().sequence());
    assertEquals("trm-B", fresh.getFirst().terminalId());
  }

  /** A new SD card in a terminal the server has heard from: no number is used twice. */
  @Test
  void aFreshLedgerNumbersAboveTheServersLastNumberFromTheTerminal() throws Exception {
    serverLast = 17L;
    assertEquals(0, enroll().code());
    assertEquals(List.of(18L, 19L), admit(0, 1).stream().map(Visit::sequence).toList());
  }

  @Test
  void theSameTerminalEnrolledAgainKeepsItsLedger() throws Exception {
    assertEquals(0, enroll().code());
    admit(0, 1);

    Run r = enroll(); // a rotated credential: the same terminal, a new token

    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("tok-2", new IdentityFile(dir.resolve("credential.json")).load().orElseThrow().token());
    assertEquals(List.of(), archives());
    assertEquals(2, waiting(ledgerPath()).size());
    assertEquals(3L, admit(2).getLast().sequence(), "sequence numbers go on");
  }

  @Test
  void aLedgerFromBeforeRecordsNoTerminalAndBelongsToItsVisitsTerminal() throws Exception {
    Files.writeString(dir.resolve("terminal.properties"), "terminal.id=trm-A\n", java.nio.file.StandardOpenOption.APPEND);
    importDemoLedger();
    admit(0, 1);

    Run r = enroll();

    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals(List.of(), archives());
    assertEquals(2, waiting(ledgerPath()).size());
  }

  @Test
  void anUnreadableCredentialIsReplacedByEnrollingAgain() throws Exception {
    // What a power cut can leave, and what 'terminal status' says to fix by enrolling again.
    Files.writeString(dir.resolve("credential.json"), "");
    Run status = run("", "--config", dir.resolve("terminal.properties").toString(), "status");
    assertEquals(ExitCodes.CONFIG, status.code(), status.err());
    assertTrue(status.err().contains("enroll again"), status.err());

    Run r = enroll();

    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("tok-1", new IdentityFile(dir.resolve("credential.json")).load().orElseThrow().token());
  }

  Run enrollWithStdin(String stdin, String... codeArgs) {
    List<String> args = new java.util.ArrayList<>(List.of("--config", dir.resolve("terminal.properties").toString(),
        "enroll", "--server", server.url().toString()));
    args.addAll(List.of(codeArgs));
    return run(stdin, args.toArray(String[]::new));
  }

  /** The codes the server was sent, in order. */
  List<String> codesSent() {
    return server.seen.stream().filter(s -> s.path().equals(ApiPaths.ENROLL))
        .map(s -> s.body().replaceAll("(?s).*\"code\"\\s*:\\s*\"([^\"]*)\".*", "$1")).toList();
  }

  @Test
  void plainHttpToAnotherMachineIsRefusedBeforeTheCodeIsSent() {
    // The fake server is on loopback: reached as 127.0.0.2 would be accepted, so the test names
    // another host whose refusal must come before any connection (192.0.2.0/24 is for documentation).
    for (String url : List.of("http://192.0.2.7:8080", "http://klipp.example.org")) {
      Run r = run("WXYZ-2345\n", "--config", dir.resolve("terminal.properties").toString(), "enroll", "--server", url,
          "--code-stdin");
      assertEquals(ExitCodes.USAGE, r.code(), r.err());
      assertTrue(r.err().contains("is not https://"), r.err());
    }
    assertFalse(Files.exists(dir.resolve("credential.json")));
    // Loopback (this machine) is plain http in tests and the demo; a test network says so.
    Run local = enrollWithStdin("WXYZ-2345\n", "--code-stdin");
    assertEquals(0, local.code(), local.err());
    assertEquals(List.of("WXYZ-2345"), codesSent());
    assertTrue(SyncClient.isLoopback(HttpUrl.get("http://[::1]:8080")));
    assertTrue(SyncClient.isLoopback(HttpUrl.get("http://localhost:8080")));
    assertFalse(SyncClient.isLoopback(HttpUrl.get("http://127.0.0.1.example.org")));
  }

  @Test
  void insecureHttpAllowsPlainHttpOnATestNetwork() throws Exception {
    // Nothing answers there: a short timeout, and the failure is the network's, not the address's.
    Files.writeString(dir.resolve("terminal.properties"), "sync.timeout=PT0.5S\n", java.nio.file.StandardOpenOption.APPEND);
    Run r = run("WXYZ-2345\n", "--config", dir.resolve("terminal.properties").toString(), "enroll", "--server",
        "http://192.0.2.7:9", "--code-stdin", "--insecure-http");
    assertEquals(ExitCodes.SERVER, r.code(), r.err());
    assertFalse(r.err().contains("is not https://"), r.err());
  }

  @Test
  void codeStdinReadsTheCodeFromTheFirstLineOfStandardInput() {
    Run r = enrollWithStdin("WXYZ-2345\nnot this line\n", "--code-stdin");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Enrolled as terminal trm-A"), r.out());
    assertEquals(List.of("WXYZ-2345"), codesSent());
  }

  @Test
  void codeStdinWithNothingOnStandardInputIsRefusedBeforeAsking() {
    Run r = enrollWithStdin("", "--code-stdin");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("--code-stdin: no code on standard input"), r.err());
    assertEquals(List.of(), codesSent());
  }

  @Test
  void exactlyOneWayOfGivingTheCode() {
    Run neither = enrollWithStdin("WXYZ-2345\n");
    assertEquals(ExitCodes.USAGE, neither.code(), neither.err());
    assertTrue(neither.err().contains("give the code with --code-stdin or --code"), neither.err());
    Run both = enrollWithStdin("WXYZ-2345\n", "--code", "ABCD-EFGH", "--code-stdin");
    assertEquals(ExitCodes.USAGE, both.code(), both.err());
    assertEquals(List.of(), codesSent());
  }
}
