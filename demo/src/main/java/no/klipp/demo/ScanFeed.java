package no.klipp.demo;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The stream of scans the demo presents: mostly cards in good standing, some regular visitors
 * who use up their quota, double scans, lost (revoked) cards, unreadable codes and numbers typed
 * by staff.
 */
final class ScanFeed {

  /** One presentation at a terminal: the lines typed, e.g. twice the same for a double scan. */
  record Presentation(String what, List<String> lines) {}

  private final List<String> active;
  private final List<String> activeNumbers;
  private final List<String> revoked;
  private final RandomGenerator random;

  ScanFeed(List<String> active, List<String> activeNumbers, List<String> revoked, RandomGenerator random) {
    this.active = List.copyOf(active);
    this.activeNumbers = List.copyOf(activeNumbers);
    this.revoked = List.copyOf(revoked);
    this.random = Objects.requireNonNull(random, "random == null");
    if (active.isEmpty() || active.size() != activeNumbers.size()) {
      throw new IllegalArgumentException("need active cards with their numbers");
    }
  }

  Presentation next() {
    int roll = random.nextInt(100);
    if (roll < 55) {
      return new Presentation("card", List.of(active.get(random.nextInt(active.size()))));
    }
    if (roll < 70) {
      // A few regulars come back again and again, until their visits are used up.
      return new Presentation("regular", List.of(active.get(random.nextInt(Math.min(6, active.size())))));
    }
    if (roll < 78) {
      String card = active.get(random.nextInt(active.size()));
      return new Presentation("double scan", List.of(card, card));
    }
    if (roll < 85 && !revoked.isEmpty()) {
      return new Presentation("lost card", List.of(revoked.get(random.nextInt(revoked.size()))));
    }
    if (roll < 92) {
      String card = active.get(random.nextInt(active.size()));
      int cut = 10 + random.nextInt(card.length() - 10);
      return new Presentation("damaged code", List.of(card.substring(0, cut)));
    }
    return new Presentation("typed number", List.of(activeNumbers.get(random.nextInt(activeNumbers.size()))));
  }
}
