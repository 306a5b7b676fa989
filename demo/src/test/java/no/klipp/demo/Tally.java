package no.klipp.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The count every fault test prints and asserts: visits made at the terminals, visits on the
 * server, duplicates (a visit stored more than once, or a sequence number used twice) and lost
 * visits (made but not on the server).
 */
record Tally(String test, int made, int onServer, int duplicates, int lost, int unknown) {

  static Tally of(String test, Collection<String> made, List<ServerFixture.Stored> stored) {
    Set<String> madeIds = new HashSet<>(made);
    Map<String, Integer> byId = new HashMap<>();
    Map<String, Integer> bySequence = new HashMap<>();
    for (ServerFixture.Stored s : stored) {
      byId.merge(s.id(), 1, Integer::sum);
      bySequence.merge(s.terminalId() + "#" + s.sequence(), 1, Integer::sum);
    }
    int duplicates = 0;
    for (int n : byId.values()) {
      duplicates += n - 1;
    }
    for (int n : bySequence.values()) {
      duplicates += n - 1;
    }
    int lost = 0;
    for (String id : madeIds) {
      if (!byId.containsKey(id)) {
        lost++;
      }
    }
    int unknown = 0;
    for (String id : byId.keySet()) {
      if (!madeIds.contains(id)) {
        unknown++;
      }
    }
    return new Tally(test, madeIds.size(), stored.size(), duplicates, lost, unknown);
  }

  /** Prints the line the issue asks for, then asserts nothing was lost or counted twice. */
  Tally printAndCheck() {
    System.out.printf("[fault-test] %s: visits made %d, visits on the server %d, duplicates %d, lost %d%n",
        test, made, onServer, duplicates, lost);
    assertEquals(0, duplicates, test + ": duplicates");
    assertEquals(0, lost, test + ": lost");
    assertEquals(0, unknown, test + ": visits on the server that no terminal made");
    assertEquals(made, onServer, test + ": visits made vs on the server");
    return this;
  }
}
