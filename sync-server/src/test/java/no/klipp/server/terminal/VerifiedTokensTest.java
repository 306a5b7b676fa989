package no.klipp.server.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import no.klipp.server.support.FakeClock;
import no.klipp.server.support.TestServer;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  final FakeClock clock = new FakeClock(TestServer.START);
  final VerifiedTokens tokens = new VerifiedTokens(clock, Duration.ofSeconds(5), 3);
  final TerminalIdentity one = new TerminalIdentity("trm_1", "ven_1", 1, "hash-1");
  final TerminalIdentity two = new TerminalIdentity("trm_2", "ven_1", 1, "hash-2");

  @Test
  void aTokenIsTrustedUntilItsTimeIsUp() {
    tokens.remember("h1", one, tokens.generation());
    clock.advance(Duration.ofMillis(4999));
    assertEquals(one, tokens.get("h1"));
    clock.advance(Duration.ofMillis(1));
    assertNull(tokens.get("h1"));
  }

  @Test
  void forgettingATerminalDropsOnlyItsTokens() {
    tokens.remember("h1", one, tokens.generation());
    tokens.remember("h2", two, tokens.generation());
    tokens.forget("trm_1");
    assertNull(tokens.get("h1"));
    assertEquals(two, tokens.get("h2"));
  }

  @Test
  void aLookUpThatRacedWithARevocationIsNotKept() {
    long before = tokens.generation();
    // The database said ACTIVE, then the terminal was revoked and forgotten before the answer was kept.
    tokens.forget("trm_1");
    tokens.remember("h1", one, before);
    assertNull(tokens.get("h1"));
    tokens.remember("h1", one, tokens.generation());
    assertEquals(one, tokens.get("h1"), "a look-up after the revocation is kept again");
  }

  @Test
  void itHoldsAtMostItsLimit() {
    for (int i = 0; i < 10; i++) {
      tokens.remember("h" + i, one, tokens.generation());
    }
    int kept = 0;
    for (int i = 0; i < 10; i++) {
      kept += tokens.get("h" + i) == null ? 0 : 1;
    }
    assertEquals(true, kept >= 1 && kept <= 3, "kept " + kept);
    assertEquals(one, tokens.get("h9"), "the newest is kept");
  }
}
