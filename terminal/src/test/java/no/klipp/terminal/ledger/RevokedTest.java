package no.klipp.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import no.klipp.terminal.Fixtures;
import org.junit.jupiter.api.Test;

class RevokedTest {

  @Test
  void holdsExactlyTheRevokedCredentials() {
    Random random = new Random(4);
    Set<String> revoked = new HashSet<>();
    Revoked.Builder b = Revoked.builder();
    for (int i = 0; i < 2_000; i++) {
      String number = Fixtures.number(1 + random.nextInt(5_000));
      int serial = random.nextInt(4) == 0 ? 0xffff : random.nextInt(3);
      revoked.add(number + "/" + serial);
      b.add(number, serial);
    }
    Revoked set = b.build();
    for (int n = 1; n <= 5_000; n++) {
      for (int serial : new int[] {0, 1, 2, 3, 0xffff}) {
        String number = Fixtures.number(n);
        assertEquals(revoked.contains(number + "/" + serial), set.contains(number, serial), number + "/" + serial);
      }
    }
  }

  @Test
  void malformedKeysNeverMatch() {
    Revoked.Builder b = Revoked.builder();
    b.add(Fixtures.number(9), 0);
    b.add("12345", 0);
    b.add("12345678x0", 1);
    Revoked set = b.build();
    assertEquals(1, set.size());
    assertTrue(set.contains(Fixtures.number(9), 0));
    assertFalse(set.contains(Fixtures.number(9), -1));
    assertFalse(set.contains(Fixtures.number(9), 0x10000));
    assertFalse(set.contains("12345", 0));
    assertFalse(set.contains(null, 0));
    assertFalse(Revoked.builder().build().contains(Fixtures.number(9), 0));
  }
}
