package no.klipp.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The sync server as a child process on SQLite in the demo's data directory; its log goes to a file. */
final class ServerProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Seeds {@code data} with the demo data, writing the manifest to {@code manifest}. */
  static void seed(Launcher launcher, Path data, Path manifest) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(launcher.server("demo-data", "--data", data.toString(), "--out", manifest.toString()))
        .redirectErrorStream(true).redirectOutput(data.resolve("demo-data.log").toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("seeding the demo data failed; see " + data.resolve("demo-data.log"));
    }
  }

  /** Starts {@code sync-server serve} on {@code port} and waits until it answers. */
  static ServerProcess start(Launcher launcher, Path data, int port) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(launcher.server("serve", "--data", data.toString(), "--host", "127.0.0.1",
        "--port", Integer.toString(port)))
        .redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
    ServerProcess server = new ServerProcess(p, port);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new IOException("the server stopped at start (port " + port + " in use?); see " + data.resolve("server.log"));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/openapi.json"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return server;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    server.close();
    throw new IOException("the server did not answer within 90 s; see " + data.resolve("server.log"));
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  /** Stops the server politely (SIGTERM: it closes its database), forcibly after 15 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
