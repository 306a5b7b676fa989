package no.klipp.protocol.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CardNumberTest {

  @Test
  void everySingleWrongDigitIsCaught() {
    Random random = new Random(1);
    for (int n = 0; n < 2_000; n++) {
      String digits = CardNumber.fromSerial(random.nextInt(1_000_000_000)).digits();
      for (int pos = 0; pos < CardNumber.LENGTH; pos++) {
        for (char d = '0'; d <= '9'; d++) {
          if (d == digits.charAt(pos)) {
            continue;
          }
          String typo = digits.substring(0, pos) + d + digits.substring(pos + 1);
          assertFalse(CardNumber.isValid(typo), digits + " -> " + typo);
        }
      }
    }
  }

  @Test
  void everySwapOfNeighbouringDigitsIsCaught() {
    Random random = new Random(2);
    int swaps = 0;
    for (int n = 0; n < 5_000; n++) {
      String digits = CardNumber.fromSerial(random.nextInt(1_000_000_000)).digits();
      for (int pos = 0; pos + 1 < CardNumber.LENGTH; pos++) {
        char a = digits.charAt(pos);
        char b = digits.charAt(pos + 1);
        if (a == b) {
          continue;
        }
        String swapped = digits.substring(0, pos) + b + a + digits.substring(pos + 2);
        assertFalse(CardNumber.isValid(swapped), digits + " -> " + swapped);
        swaps++;
      }
    }
    assertTrue(swaps > 30_000, "tested " + swaps + " swaps");
  }

  @Test
  void theSwapLuhnMissesIsCaught() {
    // Luhn cannot tell 09 from 90; Damm can.
    CardNumber number = CardNumber.fromSerial(90_000_000L);
    assertTrue(number.digits().startsWith("09"));
    assertFalse(CardNumber.isValid("90" + number.digits().substring(2)));
  }

  @Test
  void parsesWhatStaffType() {
    CardNumber number = CardNumber.fromSerial(123_456_789L);
    assertEquals(Optional.of(number), CardNumber.parse(number.formatted()));
    assertEquals(Optional.of(number), CardNumber.parse("1234-5678-" + number.digits().substring(8)));
    assertEquals("1234 5678 " + number.digits().substring(8), number.formatted());
    assertEquals(Optional.empty(), CardNumber.parse("12345678"));
    assertEquals(Optional.empty(), CardNumber.parse(number.digits() + "0"));
    assertEquals(Optional.empty(), CardNumber.parse("12345678a9"));
    assertEquals(Optional.empty(), CardNumber.parse("١٢٣٤٥٦٧٨٩٠"), "only ASCII digits");
    assertEquals(Optional.empty(), CardNumber.parse(null));
    assertEquals(Optional.empty(), CardNumber.parse("1".repeat(10_000)));
  }

  @Test
  void constructorRefusesInvalidNumbers() {
    assertThrows(IllegalArgumentException.class, () -> new CardNumber("1234567890"));
    assertThrows(IllegalArgumentException.class, () -> CardNumber.fromSerial(1_000_000_000L));
    assertTrue(CardNumber.fromValue(CardNumber.LIMIT).isEmpty());
  }
}
