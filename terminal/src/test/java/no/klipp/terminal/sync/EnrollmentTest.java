package no.klipp.terminal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import no.klipp.protocol.sync.EnrollRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentTest {

  private static final String ANSWER = "{\"terminalId\":\"t-9\",\"venueId\":\"v-1\",\"venueName\":\"Pool\","
      + "\"token\":\"tok-2\",\"serverTime\":\"2026-11-21T10:00:00Z\"}";
  private final ObjectMapper json = new ObjectMapper();
  private final FakeServer server = FakeServer.started();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  private Enrollment enrollment(Path machineId) {
    return new Enrollment(new IdentityFile(dir.resolve("terminal.json")), Duration.ofSeconds(2), Clock.systemUTC(),
        new Random(1), machineId);
  }

  @Test
  void aLostAnswerIsAskedForAgainAsTheSameInstallation() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    // The first answer arrives garbled (as if cut off): the code may be used, the terminal asks again.
    server.route("/api/v1/terminal/enroll", req -> calls.incrementAndGet() == 1
        ? FakeServer.Answer.json("{\"terminalId\":") : FakeServer.Answer.json(ANSWER));
    Path machine = Files.writeString(dir.resolve("machine-id"), "0123456789abcdef0123456789abcdef\n");

    Enrollment.Granted granted = enrollment(machine).enroll(server.url(), " abcd-efgh ", "0.1");
    TerminalIdentity identity = granted.identity();

    assertEquals("tok-2", identity.token());
    assertEquals("tok-2", new IdentityFile(dir.resolve("terminal.json")).load().orElseThrow().token());
    assertEquals(0, granted.serverLastSequence(), "a server too old to name its last number: none");
    assertEquals(2, server.seen.size());
    EnrollRequest first = json.readValue(server.seen.get(0).body(), EnrollRequest.class);
    EnrollRequest second = json.readValue(server.seen.get(1).body(), EnrollRequest.class);
    assertEquals("abcd-efgh", first.code());
    assertEquals(first.installationId(), second.installationId());
    assertTrue(first.installationId().length() >= 16);
    assertTrue(!first.installationId().contains("0123456789abcdef"), "the machine id itself is never sent");
  }

  @Test
  void theServersLastSequenceNumberIsPassedOnAndANegativeOneRefused() throws Exception {
    server.route("/api/v1/terminal/enroll", req -> FakeServer.Answer.json(ANSWER.replace("}", ",\"lastSequence\":41}")));
    assertEquals(41, enrollment(dir.resolve("none")).request(server.url(), "CODE", "0.1").serverLastSequence());

    server.route("/api/v1/terminal/enroll", req -> FakeServer.Answer.json(ANSWER.replace("}", ",\"lastSequence\":-1}")));
    assertThrows(SyncException.BadResponse.class, () -> enrollment(dir.resolve("none")).enroll(server.url(), "CODE", "0.1"));
    assertTrue(new IdentityFile(dir.resolve("terminal.json")).load().isEmpty(), "nothing stored from a bad answer");
  }

  @Test
  void noAnswerAtAllGivesUpAfterThreeCalls() throws Exception {
    server.route("/api/v1/terminal/enroll", req -> new FakeServer.Answer(503, "", null));
    SyncException e = assertThrows(SyncException.class,
        () -> enrollment(dir.resolve("none")).enroll(server.url(), "CODE", "0.1"));
    assertInstanceOf(SyncException.ServerTrouble.class, e);
    assertEquals(Enrollment.ATTEMPTS, server.seen.size());
  }

  @Test
  void aRefusedCodeIsNotAskedAgain() throws Exception {
    server.route("/api/v1/terminal/enroll", req -> new FakeServer.Answer(401,
        "{\"code\":\"unauthorized\",\"message\":\"enrollment code is unknown, used or expired\"}", null));
    assertThrows(SyncException.NotAuthorized.class,
        () -> enrollment(dir.resolve("none")).enroll(server.url(), "CODE", "0.1"));
    assertEquals(1, server.seen.size());
  }

  @Test
  void theInstallationIdIsStablePerMachineAndCodeAndRandomWithoutAMachineId() throws Exception {
    Path machine = Files.writeString(dir.resolve("machine-id"), "0123456789abcdef0123456789abcdef\n");
    Path other = Files.writeString(dir.resolve("other-id"), "fedcba9876543210fedcba9876543210\n");
    Random r = new Random(5);
    String id = InstallationId.of("ABCD-EFGH", machine, r);
    assertEquals(id, InstallationId.of(" abcd-efgh ", machine, r), "the same code, however typed");
    assertNotEquals(id, InstallationId.of("ABCD-EFGI", machine, r));
    assertNotEquals(id, InstallationId.of("ABCD-EFGH", other, r));
    String random1 = InstallationId.of("ABCD-EFGH", dir.resolve("missing"), r);
    assertNotEquals(random1, InstallationId.of("ABCD-EFGH", dir.resolve("missing"), r));
    assertTrue(random1.length() >= 16 && id.length() >= 16 && id.length() <= 100);
  }
}
