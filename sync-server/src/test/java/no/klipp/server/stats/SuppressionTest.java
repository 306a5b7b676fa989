package no.klipp.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuppressionTest {

  @Test
  void fewerThanFiveChildrenIsHiddenZeroAndFiveAreShown() {
    Suppression s = new Suppression().cell("a", 3, 3).cell("b", 0, 0).cell("c", 40, 5);
    assertEquals(Set.of("a"), s.hidden());
  }

  @Test
  void loneHiddenCellInASumIsFoundByTheAuditor() {
    // Differencing: total 100 published, b and c published, a = 100 - 60 - 38 = 2.
    Suppression s = new Suppression().cell("T", 100, 30).cell("a", 2, 2).cell("b", 60, 20).cell("c", 38, 8)
        .equation("T", List.of("a", "b", "c"));
    assertEquals(Set.of("a"), s.determined(Set.of("a")), "primary suppression alone leaks a by subtraction");
  }

  @Test
  void differencingIsPreventedBySecondarySuppressionOfTheSmallestOtherCell() {
    Suppression s = new Suppression().cell("T", 100, 30).cell("a", 2, 2).cell("b", 60, 20).cell("c", 38, 8)
        .equation("T", List.of("a", "b", "c"));
    Set<String> hidden = s.hidden();
    assertEquals(Set.of("a", "c"), hidden);
    assertTrue(s.determined(hidden).isEmpty());
  }

  @Test
  void zeroCellsAreNotChosenToProtectAnother() {
    Suppression s = new Suppression().cell("T", 50, 30).cell("a", 2, 2).cell("z", 0, 0).cell("b", 48, 20)
        .equation("T", List.of("a", "z", "b"));
    assertEquals(Set.of("a", "b"), s.hidden());
  }

  @Test
  void hidingInOneTableCarriesIntoTheLinkedTable() {
    // Venues v1..v4 in categories A = v1 + v2 and B = v3 + v4; T = A + B = v1 + v2 + v3 + v4.
    // v1 rests on 2 children. Within A, v2 must go too; A itself is shown (its children are many).
    Suppression s = new Suppression().cell("T", 200, 50).cell("A", 70, 20).cell("B", 130, 30)
        .cell("v1", 3, 2).cell("v2", 67, 18).cell("v3", 100, 20).cell("v4", 30, 10)
        .equation("A", List.of("v1", "v2")).equation("B", List.of("v3", "v4"))
        .equation("T", List.of("v1", "v2", "v3", "v4")).equation("T", List.of("A", "B"));
    Set<String> hidden = s.hidden();
    assertTrue(hidden.containsAll(Set.of("v1", "v2")));
    assertFalse(hidden.contains("T"));
    assertTrue(s.determined(hidden).isEmpty(), "no hidden cell can be worked out: " + s.determined(hidden));
  }

  @Test
  void categoryWithOneSmallVenueHidesAnotherCategoryAndAVenueInsideIt() {
    // B has a single venue v3 with 2 children: B = v3 hidden; then T = A + B leaves B alone, so A is
    // hidden too, and then A = v1 + v2 leaves A alone, so one of v1, v2 is hidden.
    Suppression s = new Suppression().cell("T", 103, 40).cell("A", 100, 38).cell("B", 3, 2)
        .cell("v1", 60, 20).cell("v2", 40, 18).cell("v3", 3, 2)
        .equation("A", List.of("v1", "v2")).equation("B", List.of("v3"))
        .equation("T", List.of("v1", "v2", "v3")).equation("T", List.of("A", "B"));
    Set<String> hidden = s.hidden();
    assertTrue(hidden.containsAll(Set.of("v3", "B", "A")));
    assertTrue(hidden.contains("v1") || hidden.contains("v2"));
    assertFalse(hidden.contains("T"));
    assertTrue(s.determined(hidden).isEmpty());
  }

  @Test
  void aSmallTotalIsHiddenAndItsPartsWithIt() {
    Suppression s = new Suppression().cell("T", 6, 3).cell("a", 4, 2).cell("b", 2, 1)
        .equation("T", List.of("a", "b"));
    assertEquals(Set.of("T", "a", "b"), s.hidden());
  }

  @Test
  void figuresShowAsLessThanFive() {
    assertEquals("<5", Figure.count(3, true).text(','));
    assertEquals("12", Figure.count(12, false).text(','));
    assertEquals("12,5 %", Figure.share(1, 8, false).text(','));
    assertEquals("<5", Figure.share(1, 8, true).text('.'));
  }
}
