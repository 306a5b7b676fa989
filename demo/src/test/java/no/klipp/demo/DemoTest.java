package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo, shortened: seeds, enrolls two terminals, scans through an outage, stops cleanly, counts. */
class DemoTest {

  @TempDir
  Path dir;

  @Test
  void runsThroughAnOutageAndEveryVisitReachesTheServer() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = new CommandLine(new Demo(out)).execute("--class-path", System.getProperty("java.class.path"),
        "--data", dir.resolve("demo").toString(), "--port", Integer.toString(port), "--duration", "25",
        "--outage-every", "10", "--outage-length", "6", "--scan-every", "250");
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(text);

    assertEquals(0, code, text);
    assertTrue(text.contains("Klipp is running."), text);
    assertTrue(text.contains("staff screen http://127.0.0.1:" + (port + 1) + "/"), text);
    assertTrue(text.contains("ADMITTED"), text);
    assertTrue(text.contains("REFUSED  REVOKED") || text.contains("REFUSED  INVALID_CODE"), text);
    assertTrue(text.contains("network outage"), text);
    assertTrue(text.contains("network back"), text);
    Matcher m = Pattern.compile("Visits recorded at the terminals: (\\d+); on the server: (\\d+)").matcher(text);
    assertTrue(m.find(), text);
    assertTrue(Integer.parseInt(m.group(1)) > 10, text);
    assertEquals(m.group(1), m.group(2), "every visit reached the server once");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("demo"))),
        "demo.json (the administrator's password, the enrollment codes) is the user's only");
  }
}
