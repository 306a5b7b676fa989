package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example Caddyfile's access log: card numbers are in the dashboard's and the API's addresses
 * (/dashboard/cards/1234567890, /api/v1/cards/1234567890/paid, ?number=...) and in redirects, so
 * the log blanks them, and rolled files do not pile up for months. The pattern is checked here
 * (Caddy's regexp filter is Go's RE2, which reads it as Java does), and the whole file runs in the
 * Caddy that Debian packages (the one the README installs), in front of a stand-in server.
 */
class CaddyAccessLogTest {

  private static final Pattern URI_FILTER =
      Pattern.compile("^\\s*request>uri regexp \"([^\"]+)\" \"([^\"]+)\"\\s*$", Pattern.MULTILINE);

  private static String caddyfile() throws Exception {
    return Files.readString(Sources.dir().resolve("src/deb/server/doc/examples/Caddyfile"));
  }

  /** The URI as Caddy would log it, the filter applied (Go's ${1} is Java's $1). */
  private static String logged(String uri) throws Exception {
    Matcher filter = URI_FILTER.matcher(caddyfile());
    assertTrue(filter.find(), "the Caddyfile logs request URIs unfiltered");
    return Pattern.compile(filter.group(1)).matcher(uri)
        .replaceAll(filter.group(2).replace("${1}", "$1"));
  }

  @Test
  void loggedAddressesHoldNoCardNumber() throws Exception {
    for (String uri : List.of(
        "/dashboard/cards/1234567890", "/dashboard/cards/1234567890?done=issued",
        "/dashboard/cards/1234567890/card.pdf", "/api/v1/cards/1234567890/paid",
        "/dashboard/cards?number=1234+5678+90", "/dashboard/cards?lang=en&number=1234567890")) {
      String logged = logged(uri);
      assertTrue(!logged.matches(".*\\d{4}.*"), uri + " logged as " + logged);
      assertTrue(logged.contains("REDACTED"), uri + " logged as " + logged);
    }
  }

  @Test
  void addressesWithoutCardNumbersAreLoggedAsTheyAre() throws Exception {
    for (String uri : List.of("/dashboard/cards", "/api/v1/sync/visits", "/dashboard/stats?year=2026")) {
      assertEquals(uri, logged(uri));
    }
  }

  @Test
  void redirectsAndClientAddressesAreNotLoggedWhole() throws Exception {
    String text = caddyfile();
    assertTrue(text.contains("resp_headers>Location delete"), "redirects to a card's page are logged");
    assertTrue(text.contains("resp_headers>Content-Disposition delete"), "a printed card's file name is logged");
    assertTrue(text.contains("request>remote_ip ip_mask {"), "whole client addresses are logged");
    assertTrue(text.matches("(?s).*\\broll_keep_for \\d+h\\b.*"), "rolled access logs kept without a time bound");
  }

  @Test
  void aRealCaddyReadsTheFileAndLogsNoCardNumberAndNoWholeClientAddress(@TempDir Path dir) throws Exception {
    assumeTrue(Command.available("caddy"), "caddy is not installed (apt-get install caddy): not run");
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      if (exchange.getRequestURI().getPath().endsWith("/renew")) {
        exchange.getResponseHeaders().add("Location", "/dashboard/cards/1234567890?done=renewed");
        exchange.sendResponseHeaders(303, -1);
      } else {
        if (exchange.getRequestURI().getPath().endsWith(".pdf")) {
          // As the dashboard names a printed card's file.
          exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"card-1234567890.pdf\"");
        }
        // A session cookie, as a sign-in sets one.
        exchange.getResponseHeaders().add("Set-Cookie", "klipp_session=SESSIONSECRET42; HttpOnly");
        byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    upstream.start();
    int port = ProxyProcess.freePort();
    Path log = dir.resolve("access.log");
    String text = caddyfile();
    // The site on plain HTTP on this test's port (no certificate here); everything else as it is.
    String runnable = text.replace("klipp.example.org {", "{\n\tadmin off\n\tstorage file_system "
            + dir.resolve("data") + "\n}\nhttp://127.0.0.1:" + port + " {")
        .replace("/var/log/caddy/klipp-access.log", log.toString())
        .replace("reverse_proxy 127.0.0.1:8081", "reverse_proxy 127.0.0.1:" + upstream.getAddress().getPort());
    assertFalse(runnable.equals(text) || runnable.contains("8081") || runnable.contains("/var/log/"),
        "the example's site, log or upstream line changed; this test no longer runs them");
    Path conf = dir.resolve("Caddyfile");
    Files.writeString(conf, runnable);
    Process caddy = new ProcessBuilder("caddy", "run", "--config", conf.toString(), "--adapter", "caddyfile")
        .redirectErrorStream(true).redirectOutput(dir.resolve("caddy.out").toFile())
        .directory(dir.toFile()).start();
    try {
      ProxyProcess.awaitListening(port, caddy, () -> Files.readString(dir.resolve("caddy.out")));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<String> paths = List.of("/dashboard/cards/1234567890", "/dashboard/cards/1234567890/card.pdf",
          "/api/v1/cards/1234567890/paid", "/dashboard/cards?number=1234+5678+90",
          "/dashboard/cards?lang=en&number=1234567890", "/dashboard/cards/1234567890/renew");
      for (String path : paths) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Referer", "https://klipp.example.org/dashboard/cards/1234567890")
            .header("Cookie", "klipp_session=SESSIONSECRET42").header("Authorization", "Bearer TOKENSECRET42").build(),
            HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 303, path + ": " + r.statusCode());
      }
      String logged = ProxyProcess.awaitLines(log, paths.size());
      assertFalse(logged.contains("1234567890") || logged.contains("1234+5678"), "a card number in the log:\n" + logged);
      // (The Host header is this test's 127.0.0.1:port; the client's address is remote_ip.)
      assertFalse(logged.matches("(?s).*\"(remote|client)_ip\":\"127\\.0\\.0\\.1.*"),
          "a whole client address in the log:\n" + logged);
      assertTrue(logged.contains("\"remote_ip\":\"127.0.0.0\""), "the client's network is logged:\n" + logged);
      assertTrue(logged.contains("/dashboard/cards/REDACTED/card.pdf"), logged);
      assertFalse(logged.contains("klipp.example.org"), "the Referer or a Location in the log:\n" + logged);
      assertFalse(logged.contains("SECRET42"), "a session cookie or a terminal's token in the log:\n" + logged);
    } finally {
      caddy.destroy();
      caddy.waitFor();
      upstream.stop(0);
    }
  }
}
