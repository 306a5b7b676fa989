package no.klipp.server.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reverse proxies whose X-Forwarded-For is believed ({@code serve --trusted-proxies}), and so
 * the address a request came from: the connection's, or, when the connection comes from a trusted
 * proxy, the right-most address in X-Forwarded-For that is not a trusted proxy (the left part of the
 * header is whatever the client wrote, so only what trusted hops appended counts).
 */
public final class TrustedProxies {

  /** The documented deployment: Caddy or nginx on the same machine, connecting from loopback. */
  public static final List<String> DEFAULT = List.of("127.0.0.1", "::1");

  /** An address and the length of its network prefix: {@code 10.0.0.0/8}, or one address. */
  private record Range(byte[] network, int prefix) {
    boolean contains(InetAddress a) {
      byte[] bytes = a.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /** Proxies given as addresses or CIDR ranges ({@code 127.0.0.1}, {@code 10.1.0.0/16}, {@code ::1}); blanks skipped. */
  public static TrustedProxies of(List<String> proxies) {
    Objects.requireNonNull(proxies, "proxies == null");
    List<Range> ranges = new ArrayList<>();
    for (String p : proxies) {
      String spec = p == null ? "" : p.strip();
      if (spec.isEmpty()) {
        continue;
      }
      int slash = spec.indexOf('/');
      InetAddress address = literal(slash < 0 ? spec : spec.substring(0, slash)).orElseThrow(
          () -> new IllegalArgumentException("trusted proxy is not an IP address or address/prefix: " + spec));
      int bits = address.getAddress().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(spec.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException("trusted proxy's prefix must be 0.." + bits + ": " + spec);
        }
      }
      ranges.add(new Range(address.getAddress(), prefix));
    }
    return new TrustedProxies(ranges);
  }

  /** The address the request came from, as described above. */
  public InetAddress client(Context ctx) {
    return client(ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
  }

  /** The client of a connection from {@code remote} that carried these X-Forwarded-For headers, in order. */
  InetAddress client(String remote, List<String> forwardedFor) {
    // Jetty always knows the peer's IP; should it not, every such request shares one counter.
    InetAddress hop = literal(remote).orElse(InetAddress.ofLiteral("0.0.0.0"));
    List<String> chain = new ArrayList<>();
    forwardedFor.forEach(header -> chain.addAll(List.of(header.split(","))));
    for (int i = chain.size() - 1; i >= 0 && trusted(hop); i--) {
      Optional<InetAddress> previous = literal(chain.get(i));
      if (previous.isEmpty()) {
        // Garbage where a trusted proxy writes an address: stop at the last hop known for sure.
        break;
      }
      hop = previous.get();
    }
    return hop;
  }

  /** Whether {@code address} is one of the trusted proxies. */
  boolean trusted(InetAddress address) {
    return ranges.stream().anyMatch(r -> r.contains(address));
  }

  /** An IP address written as a literal, brackets allowed; never a host name (no DNS look-up). */
  private static Optional<InetAddress> literal(String text) {
    String s = text == null ? "" : text.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    try {
      return s.isEmpty() ? Optional.empty() : Optional.of(InetAddress.ofLiteral(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
