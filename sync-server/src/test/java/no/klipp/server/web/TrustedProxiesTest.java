package no.klipp.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private final TrustedProxies loopback = TrustedProxies.of(TrustedProxies.DEFAULT);

  @Test
  void withoutATrustedProxyTheConnectionsAddressIsTheClient() {
    assertEquals(ip("203.0.113.9"), loopback.client("203.0.113.9", List.of("198.51.100.1")));
    assertEquals(ip("127.0.0.1"), TrustedProxies.of(List.of("")).client("127.0.0.1", List.of("198.51.100.1")),
        "'' trusts no proxy");
  }

  @Test
  void fromATrustedProxyTheRightMostUntrustedAddressIsTheClient() {
    assertEquals(ip("198.51.100.1"), loopback.client("127.0.0.1", List.of("198.51.100.1")));
    assertEquals(ip("198.51.100.1"), loopback.client("127.0.0.1", List.of("forged, 10.9.9.9 ,198.51.100.1")));
    assertEquals(ip("198.51.100.1"), loopback.client("::1", List.of("10.9.9.9", "198.51.100.1, 127.0.0.1")),
        "headers in order, trusted hops skipped");
    assertEquals(ip("127.0.0.1"), loopback.client("127.0.0.1", List.of()), "no header: the proxy itself");
  }

  @Test
  void proxiesMayBeRangesAndChained() {
    TrustedProxies lan = TrustedProxies.of(List.of("127.0.0.1", "10.1.0.0/16", "fd00::/8"));
    assertEquals(ip("203.0.113.9"), lan.client("127.0.0.1", List.of("1.2.3.4, 203.0.113.9, 10.1.200.3")));
    assertEquals(ip("10.2.0.1"), lan.client("127.0.0.1", List.of("203.0.113.9, 10.2.0.1")), "outside the range");
    assertEquals(ip("2001:db8::1"), lan.client("[fd12::1]", List.of("[2001:db8::1]")), "brackets are allowed");
    assertTrue(lan.trusted(ip("::ffff:10.1.0.1")), "an IPv4-mapped IPv6 address is the IPv4 one");
    assertFalse(lan.trusted(ip("fe00::1")));
  }

  @Test
  void garbageWhereAnAddressShouldBeStopsAtTheLastKnownHop() {
    assertEquals(ip("127.0.0.1"), loopback.client("127.0.0.1", List.of("198.51.100.1, unknown")));
    assertEquals(ip("127.0.0.1"), loopback.client("127.0.0.1", List.of("localhost")), "never looked up in DNS");
  }

  @Test
  void aTrustedProxyThatIsNotAnAddressFailsAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrustedProxies.of(List.of("127.0.0.1", "proxy.example.org")));
    assertEquals("trusted proxy is not an IP address or address/prefix: proxy.example.org", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33")));
    assertEquals("trusted proxy's prefix must be 0..32: 10.0.0.0/33", e.getMessage());
  }

  private static InetAddress ip(String literal) {
    return InetAddress.ofLiteral(literal);
  }
}
