package no.klipp.terminal.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import no.klipp.protocol.card.CardNumber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The page's card-number check (cardnumber.js) agrees with protocol's {@link CardNumber}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardNumberJsTest {

  private Chromium chromium;
  private DisplayServer server;

  @BeforeAll
  void start() throws IOException {
    chromium = new Chromium();
    server =
        DisplayServer.start(
            new DisplayConfig(true, 0, DisplayMode.STAFF, Language.NB),
            new Display(DisplayMode.STAFF, new Random()), new FakeDesk(), new Messages(), Clock.systemUTC());
    chromium.open("http://localhost:" + server.port() + "/");
  }

  @AfterAll
  void stop() {
    server.close();
    chromium.close();
  }

  @SuppressWarnings("unchecked")
  private List<Object> inPage(String function, List<String> inputs) {
    return (List<Object>) chromium.script("return arguments[0].map(s => KlippCardNumber." + function + "(s));", inputs);
  }

  @Test
  void refusesEveryWrongCheckDigit() {
    String right = CardNumber.fromSerial(987_654_321).digits();
    List<String> inputs = new ArrayList<>();
    for (char c = '0'; c <= '9'; c++) {
      inputs.add(right.substring(0, 9) + c);
    }
    List<Object> valid = inPage("isValid", inputs);
    for (int i = 0; i < inputs.size(); i++) {
      assertEquals(inputs.get(i).equals(right), valid.get(i), inputs.get(i));
    }
  }

  @Test
  void agreesWithJavaOnValidNumbersTyposAndSwaps() {
    Random random = new Random(7);
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String digits = CardNumber.fromSerial(random.nextLong(CardNumber.LIMIT / 10)).digits();
      inputs.add(digits);
      int at = random.nextInt(10);
      char typo = (char) ('0' + (digits.charAt(at) - '0' + 1 + random.nextInt(9)) % 10);
      inputs.add(digits.substring(0, at) + typo + digits.substring(at + 1));
      int swap = random.nextInt(9);
      char[] swapped = digits.toCharArray();
      swapped[swap] = digits.charAt(swap + 1);
      swapped[swap + 1] = digits.charAt(swap);
      inputs.add(new String(swapped));
      inputs.add(String.format("%010d", random.nextLong(CardNumber.LIMIT)));
    }
    List<Object> valid = inPage("isValid", inputs);
    int accepted = 0;
    for (int i = 0; i < inputs.size(); i++) {
      assertEquals(CardNumber.isValid(inputs.get(i)), valid.get(i), inputs.get(i));
      accepted += (Boolean) valid.get(i) ? 1 : 0;
    }
    // Every fromSerial number, no typo or swap of distinct digits, about a tenth of random ones.
    assertTrue(accepted >= 500 && accepted < 700, "accepted " + accepted);
  }

  @Test
  void parsesWhatStaffTypeLikeJava() {
    String right = CardNumber.fromSerial(123_456_789).digits();
    List<String> inputs =
        List.of(
            right, CardNumber.parse(right).orElseThrow().formatted(), right.substring(0, 4) + "-" + right.substring(4),
            " " + right + " ", right + "0", right.substring(1), "", "12345678a0", "１２３４５６７８９０",
            right.replace('1', 'l'), "1".repeat(40));
    List<Object> parsed = inPage("parse", inputs);
    for (int i = 0; i < inputs.size(); i++) {
      Object java = CardNumber.parse(inputs.get(i)).map(CardNumber::digits).orElse(null);
      assertEquals(java, parsed.get(i), "'" + inputs.get(i) + "'");
    }
    assertFalse(parsed.stream().allMatch(p -> p == null), "some inputs parse");
  }

  @Test
  void checkDigitMatchesJava() {
    Random random = new Random(3);
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      bodies.add(String.format("%09d", random.nextInt(1_000_000_000)));
    }
    List<Object> digits = inPage("checkDigit", bodies);
    for (int i = 0; i < bodies.size(); i++) {
      assertEquals(String.valueOf(CardNumber.checkDigit(bodies.get(i))), digits.get(i), bodies.get(i));
    }
  }
}
