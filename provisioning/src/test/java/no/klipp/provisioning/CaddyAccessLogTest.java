package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example Caddyfile's access log: card numbers are in the dashboard's and the API's addresses
 * (/dashboard/cards/1234567890, /api/v1/cards/1234567890/paid, ?number=...) and in redirects, so
 * the log blanks them, and rolled files do not pile up for months. Caddy itself is not on the
 * build machine; its regexp filter is Go's RE2, which reads this pattern as Java does.
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
    assertTrue(text.contains("request>remote_ip ip_mask"), "whole client addresses are logged");
    assertTrue(text.matches("(?s).*\\broll_keep_for \\d+h\\b.*"), "rolled access logs kept without a time bound");
  }
}
