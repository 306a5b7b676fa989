package no.klipp.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import no.klipp.server.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync-server serve} with no storage options, as a municipality would first run it: a child
 * JVM in an empty working directory stores in SQLite under {@code ./data}, needs nothing installed,
 * stops cleanly on SIGTERM and finds its data again when started anew.
 */
class ServeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void servesFromSqliteUnderDataInTheWorkingDirectoryAndKeepsItAcrossRestarts() throws Exception {
    Process admin = child("create-admin", "--scheme", "Kárášjoga gielda", "--username", "kultur",
        "--password", "et langt passord").start();
    assertTrue(admin.waitFor(60, TimeUnit.SECONDS), "create-admin finished");
    assertEquals(0, admin.exitValue(), new String(admin.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));

    String venueId;
    try (Served server = serve()) {
      String token = login(server.base());
      HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/auth/me"))
          .header("Authorization", "Bearer " + token).GET());
      long schemeId = JSON.readTree(created.body()).path("schemeId").asLong();
      HttpResponse<String> venue = send(HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/schemes/" + schemeId
              + "/venues")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Kino\",\"category\":\"CINEMA\"}")));
      assertEquals(201, venue.statusCode(), venue.body());
      venueId = JSON.readTree(venue.body()).get("id").asText();
      // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks ran (the unit's SuccessExitStatus).
      assertEquals(143, server.stop(), "SIGTERM ends the server after it closed its database");
    }

    Path data = home.resolve("data");
    assertTrue(Files.isDirectory(data), "./data was made in the working directory");
    try (Stream<Path> files = Files.list(data)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".db")), "an SQLite file under ./data");
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("master.key"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));

    try (Served again = serve()) {
      String token = login(again.base());
      HttpResponse<String> venue = send(HttpRequest.newBuilder(URI.create(again.base() + "/api/v1/venues/" + venueId))
          .header("Authorization", "Bearer " + token).GET());
      assertEquals(200, venue.statusCode(), venue.body());
      assertEquals("Kino", JSON.readTree(venue.body()).get("name").asText());
    }
  }

  private String login(String base) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"kultur\",\"password\":\"et langt passord\"}")));
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("token").asText();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private ProcessBuilder child(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
  }

  /** Starts {@code serve} on a free port and waits until it answers. */
  private Served serve() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path log = Files.createTempFile(home, "serve", ".log");
    Process p = child("serve", "--host", "127.0.0.1", "--port", Integer.toString(port))
        .redirectOutput(log.toFile()).start();
    Served served = new Served(p, "http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        if (send(HttpRequest.newBuilder(URI.create(served.base() + "/api/v1/openapi.json")).GET()).statusCode() == 200) {
          return served;
        }
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    p.destroyForcibly();
    throw new AssertionError("serve did not answer:\n" + Files.readString(log));
  }

  /** A running {@code serve} child. */
  private record Served(Process process, String base) implements AutoCloseable {
    int stop() throws InterruptedException {
      process.destroy(); // SIGTERM
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("serve did not stop within 30 s of SIGTERM");
      }
      return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        stop();
      }
    }
  }
}
