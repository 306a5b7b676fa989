package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example nginx configuration's access log, run through a real nginx (Debian's) in front of a
 * stand-in server: card numbers in addresses (/cards/1234567890, ?number=...) and whole client
 * addresses never reach the log. The example runs whole, its TLS and HTTP/2 lines too, with a
 * certificate made for the test in place of Let's Encrypt's; only the IPv6 lines are left out.
 */
class NginxAccessLogTest {

  private static String example() throws IOException {
    return Files.readString(Sources.dir().resolve("src/deb/server/doc/examples/nginx-klipp.conf"));
  }

  @Test
  void everyServerBlockLogsInTheRedactingFormat() throws IOException {
    String text = example();
    List<String> logs = Pattern.compile("^\\s*access_log\\s+([^;]+);", Pattern.MULTILINE).matcher(text).results()
        .map(m -> m.group(1).trim()).toList();
    long servers = Pattern.compile("^server \\{", Pattern.MULTILINE).matcher(text).results().count();
    assertEquals(servers, logs.size(), "a server block logs in nginx's default format: " + logs);
    for (String log : logs) {
      assertTrue(log.endsWith(" klipp"), "logs in another format: " + log);
    }
    assertFalse(text.lines().filter(l -> !l.strip().startsWith("#")).anyMatch(l -> l.contains("combined")),
        "nginx's combined format logs whole addresses and the Referer");
  }

  @Test
  void clientAddressesAreCutToTheirNetworkByTheExamplesPatterns() throws IOException {
    // The same patterns nginx runs (PCRE reads them as Java does), for the IPv6 forms this machine
    // cannot connect from.
    Matcher map = Pattern.compile("map \\$remote_addr \\$klipp_client_net \\{(.*?)\\n}", Pattern.DOTALL)
        .matcher(example());
    assertTrue(map.find(), "no client address map");
    List<Matcher> entries = Pattern.compile("\"~([^\"]+)\"\\s+\"([^\"]+)\";").matcher(map.group(1)).results()
        .map(r -> Pattern.compile(r.group(1)).matcher(""))
        .collect(Collectors.toList());
    List<String> values = Pattern.compile("\"~[^\"]+\"\\s+\"([^\"]+)\";").matcher(map.group(1)).results()
        .map(r -> r.group(1)).toList();
    assertEquals("203.0.113.0", masked("203.0.113.77", entries, values));
    assertEquals("2001:db8:7::", masked("2001:db8:7:1234:5678:9abc:def0:1", entries, values));
    assertFalse(masked("::ffff:203.0.113.77", entries, values).contains("113.77"));
  }

  private static String masked(String address, List<Matcher> patterns, List<String> values) {
    for (int i = 0; i < patterns.size(); i++) {
      Matcher m = patterns.get(i).reset(address);
      if (m.find()) {
        Matcher names = Pattern.compile("\\$\\{(\\w+)}").matcher(values.get(i));
        return names.replaceAll(n -> Matcher.quoteReplacement(m.group(n.group(1))));
      }
    }
    return "-";
  }

  @Test
  void aRealNginxLogsNoCardNumberAndNoWholeClientAddress(@TempDir Path dir) throws Exception {
    assumeTrue(Command.available("nginx"), "nginx is not installed (apt-get install nginx): not run");
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      if (exchange.getRequestURI().getPath().endsWith("/renew")) {
        exchange.getResponseHeaders().add("Location", "/dashboard/cards/1234567890?done=renewed");
        exchange.sendResponseHeaders(303, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    upstream.start();
    int http = ProxyProcess.freePort();
    int https = ProxyProcess.freePort();
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
        "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.out").toFile()).start();
    assertEquals(0, openssl.waitFor(), () -> read(dir.resolve("openssl.out")));
    Path conf = dir.resolve("nginx.conf");
    for (String sub : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      Files.createDirectories(dir.resolve(sub));
    }
    Files.writeString(conf, "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log") + ";\n"
        + "worker_processes 1;\nevents {}\nhttp {\n"
        + "client_body_temp_path " + dir.resolve("body") + "; proxy_temp_path " + dir.resolve("proxy") + ";\n"
        + "fastcgi_temp_path " + dir.resolve("fastcgi") + "; uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
        + "scgi_temp_path " + dir.resolve("scgi") + ";\n"
        + runnable(example(), http, https, upstream.getAddress().getPort(), dir.resolve("access.log"), cert, key)
        + "\n}\n");
    Process nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", conf.toString(), "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    try {
      ProxyProcess.awaitListening(https, nginx, () -> read(dir.resolve("nginx.out"))
          + (Files.exists(dir.resolve("error.log")) ? read(dir.resolve("error.log")) : ""));
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).build();
      for (String path : List.of("/dashboard/cards/1234567890", "/dashboard/cards/1234567890/card.pdf",
          "/api/v1/cards/1234567890/paid", "/dashboard/cards?number=1234+5678+90",
          "/dashboard/cards?lang=en&number=1234567890", "/dashboard/cards/1234567890/renew")) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + https + path))
            .header("Referer", "https://klipp.example.org/dashboard/cards/1234567890").build(),
            HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() == 200 || r.statusCode() == 303, path + ": " + r.statusCode());
        // The example's HTTP/2 line works on this nginx (Debian 12's 1.22 knows only "listen ... http2").
        assertEquals(HttpClient.Version.HTTP_2, r.version(), path);
      }
      // The plain-HTTP server redirects to HTTPS with the whole address: logged blanked too.
      HttpResponse<String> redirect = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + http + "/dashboard/cards/1234567890")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(301, redirect.statusCode());
      String log = ProxyProcess.awaitLines(dir.resolve("access.log"), 7);
      assertFalse(log.contains("1234567890") || log.contains("1234+5678"), "a card number in the log:\n" + log);
      assertFalse(log.contains("127.0.0.1"), "a whole client address in the log:\n" + log);
      assertTrue(log.contains("127.0.0.0"), "the client's network is logged:\n" + log);
      assertTrue(log.contains("GET /dashboard/cards/REDACTED/card.pdf HTTP/2.0\" 200"), log);
      assertTrue(log.contains("GET /dashboard/cards HTTP/2.0\" 200"), "the path without its query:\n" + log);
      assertTrue(log.contains("\" 303 ") && log.contains("\" 301 "), "redirects are logged, without targets:\n" + log);
      assertFalse(log.contains("klipp.example.org"), "the Referer or a Location in the log:\n" + log);
    } finally {
      nginx.destroy();
      nginx.waitFor();
      upstream.stop(0);
    }
  }

  /**
   * The example with its IPv6 lines left out, on this test's ports, with the test's certificate,
   * logging into {@code log}.
   */
  private static String runnable(String example, int http, int https, int upstream, Path log, Path cert, Path key) {
    StringBuilder out = new StringBuilder();
    for (String line : example.split("\n")) {
      if (line.contains("[::]")) {
        continue;
      }
      out.append(line.replace("listen 80;", "listen 127.0.0.1:" + http + ";")
          .replace("listen 443 ", "listen 127.0.0.1:" + https + " ")
          .replace("/etc/letsencrypt/live/klipp.example.org/fullchain.pem", cert.toString())
          .replace("/etc/letsencrypt/live/klipp.example.org/privkey.pem", key.toString())
          .replace("http://127.0.0.1:8081", "http://127.0.0.1:" + upstream)
          .replace("/var/log/nginx/klipp-access.log", log.toString())).append('\n');
    }
    String runnable = out.toString();
    assertTrue(runnable.contains(cert.toString()) && runnable.contains("listen 127.0.0.1:" + https + " ssl"),
        "the example's TLS lines changed; this test no longer runs them:\n" + runnable);
    return runnable;
  }

  /** A client context that trusts {@code cert} alone. */
  private static javax.net.ssl.SSLContext trusting(Path cert) throws Exception {
    java.security.KeyStore trusted = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
    trusted.load(null, null);
    try (var in = Files.newInputStream(cert)) {
      trusted.setCertificateEntry("nginx", java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    var context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
