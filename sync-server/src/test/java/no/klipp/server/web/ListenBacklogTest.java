package no.klipp.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import no.klipp.server.db.Dialect;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The server's listening socket keeps a long queue of connections waiting to be accepted, so a
 * fleet syncing in the same instant is not dropped at the handshake (each dropped one waits a
 * second for its retry: the bench's no-database burst had a p99 of 1 s with the default of 50).
 * Read from the kernel with {@code ss}, which shows a listener's backlog as its Send-Q.
 */
class ListenBacklogTest {

  @Test
  void theListenerAsksTheKernelForALongAcceptQueue() throws Exception {
    try (TestServer ts = new TestServer(Dialect.SQLITE)) {
      Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + ts.server.http.port())
          .redirectErrorStream(true).start();
      String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertEquals(0, ss.waitFor(), "ss (iproute2) must be installed: " + out);
      String[] columns = out.split("\\s+");
      assertEquals("LISTEN", columns[0], out);
      // readAllLines, not readString: a /proc file says it is empty, and readString reads one byte.
      int somaxconn = Integer.parseInt(java.nio.file.Files.readAllLines(
          java.nio.file.Path.of("/proc/sys/net/core/somaxconn")).getFirst().strip());
      assertEquals(Math.min(HttpServer.ACCEPT_QUEUE, somaxconn), Integer.parseInt(columns[2]), out);
    }
  }
}
