package no.klipp.protocol.card;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Base45Test {

  @Test
  void encodesTheRfc9285Examples() {
    assertEquals("BB8", Base45.encode("AB".getBytes(US_ASCII)));
    assertEquals("%69 VD92EX0", Base45.encode("Hello!!".getBytes(US_ASCII)));
    assertEquals("UJCLQE7W581", Base45.encode("base-45".getBytes(US_ASCII)));
    assertEquals("QED8WEX0", Base45.encode("ietf!".getBytes(US_ASCII)));
  }

  @Test
  void decodesTheRfc9285Example() {
    assertArrayEquals("ietf!".getBytes(US_ASCII), decode("QED8WEX0"));
  }

  @Test
  void roundTripsRandomBytes() {
    Random random = new Random(3);
    for (int length = 0; length < 200; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      assertArrayEquals(data, decode(Base45.encode(data)));
    }
  }

  @Test
  void refusesWhatIsNotBase45() {
    assertEquals(-1, Base45.decodedLength(4), "a single trailing character is impossible");
    byte[] out = new byte[8];
    assertFalse(Base45.decode("GGW", 0, 3, out), "65536 does not fit two bytes (RFC 9285 section 6)");
    assertFalse(Base45.decode("abc", 0, 3, out), "lower case is not in the alphabet");
    assertFalse(Base45.decode("A\u00e9B", 0, 3, out));
    assertFalse(Base45.decode(":::", 0, 3, out));
    assertTrue(Base45.decode("FGW", 0, 3, out), "65535 fits");
  }

  private static byte[] decode(String text) {
    byte[] out = new byte[Base45.decodedLength(text.length())];
    assertTrue(Base45.decode(text, 0, text.length(), out));
    return out;
  }
}
