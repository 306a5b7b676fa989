package no.klipp.provisioning;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Waiting on an example proxy (nginx, Caddy) that a test runs: its port, and its access log. */
final class ProxyProcess {

  private ProxyProcess() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Returns once {@code proxy} listens on {@code port}; fails with {@code output} if it stops or never does. */
  static void awaitListening(int port, Process proxy, Callable<String> output) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!proxy.isAlive()) {
        throw new AssertionError("the proxy stopped: " + output.call());
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the proxy did not listen on " + port + ": " + output.call());
  }

  /** The log once it has {@code lines} lines (a proxy writes each as its request ends). */
  static String awaitLines(Path log, int lines) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String text = "";
    while (System.nanoTime() < deadline) {
      text = Files.exists(log) ? Files.readString(log) : "";
      if (text.lines().count() >= lines) {
        return text;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the access log has not " + lines + " lines:\n" + text);
  }
}
