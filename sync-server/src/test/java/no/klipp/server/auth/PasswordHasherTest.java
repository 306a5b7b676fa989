package no.klipp.server.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  final PasswordHasher hasher = new PasswordHasher(256, 1, new SecureRandom());

  @Test
  void verifiesTheRightPasswordOnly() {
    String stored = hasher.hash("sommerfugl i vinterdvale");
    assertTrue(stored.startsWith("$argon2id$v=19$m=256,t=1,p=1$"));
    assertTrue(hasher.verify("sommerfugl i vinterdvale", stored));
    assertFalse(hasher.verify("sommerfugl i vinterdvalE", stored));
  }

  @Test
  void saltsEveryHash() {
    assertNotEquals(hasher.hash("same"), hasher.hash("same"));
  }

  @Test
  void verifiesWithTheCostStoredInTheHash() {
    String stored = new PasswordHasher(512, 2, new SecureRandom()).hash("kostnad");
    assertTrue(hasher.verify("kostnad", stored));
  }

  @Test
  void malformedStoredValuesNeverMatch() {
    for (String bad : new String[] {"", "$argon2id$", "$argon2i$v=19$m=8,t=1,p=1$AA$AA", "$argon2id$v=19$m=x,t=1,p=1$AA$AA",
        "$argon2id$v=19$m=8,t=1,p=1$!!$AA", "plain"}) {
      assertFalse(hasher.verify("x", bad), bad);
    }
    assertFalse(hasher.verify(null, hasher.hash("x")));
  }
}
