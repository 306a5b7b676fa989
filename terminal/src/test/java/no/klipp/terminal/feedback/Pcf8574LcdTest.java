package no.klipp.terminal.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pcf8574LcdTest {

  private final Context pi4j = MockPi.context();
  private final I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j).id("lcd").bus(1).device(0x27));

  @AfterEach
  void shutdown() {
    pi4j.shutdown();
  }

  /** What an HD44780 would do with the bytes written to the expander: a 2x16 character memory. */
  private static final class Hd44780 {
    final char[][] rows = {new char[40], new char[40]};
    final List<Integer> commands = new ArrayList<>();
    boolean fourBit;
    Integer high;
    int address;

    void feed(int b) {
      if ((b & Pcf8574Lcd.ENABLE) != 0) {
        return; // latched on the falling edge
      }
      int nibble = (b >> 4) & 0x0F;
      boolean data = (b & Pcf8574Lcd.RS) != 0;
      if (!fourBit) {
        if (nibble == 0x02) {
          fourBit = true;
        }
        return;
      }
      if (high == null) {
        high = nibble;
        return;
      }
      int value = (high << 4) | nibble;
      high = null;
      if (data) {
        rows[address >= 0x40 ? 1 : 0][address & 0x3F] = (char) value;
        address++;
      } else {
        commands.add(value);
        if ((value & 0x80) != 0) {
          address = value & 0x7F;
        }
      }
    }

    String row(int r) {
      return new String(rows[r], 0, 16);
    }
  }

  private Hd44780 replay() {
    Hd44780 lcd = new Hd44780();
    byte[] written = new byte[8192];
    int n = i2c.read(written, 0, written.length);
    for (int i = 0; i < n; i++) {
      lcd.feed(written[i] & 0xFF);
    }
    return lcd;
  }

  @Test
  void showsTwoLinesPaddedToTheWidth() {
    Pcf8574Lcd lcd = new Pcf8574Lcd(i2c, 16, time -> {});
    lcd.show("Velkommen!", "2 besok igjen");
    Hd44780 display = replay();
    assertEquals("Velkommen!      ", display.row(0));
    assertEquals("2 besok igjen   ", display.row(1));
    assertTrue(display.commands.containsAll(List.of(0x28, 0x01, 0x0C)), display.commands.toString());
  }

  @Test
  void norwegianLettersAreSpelledWithTheDisplaysCharacters() {
    assertEquals("Pa gjensyn, AErlig o", Pcf8574Lcd.fit("På gjensyn, Ærlig ø", 20));
    assertEquals("cut here", Pcf8574Lcd.fit("cut here and more", 8));
    assertEquals("a?b     ", Pcf8574Lcd.fit("a\\b", 8));
  }

  @Test
  void aDisplayThatFailsIsInitialisedAgainWhenItAnswers() {
    int[] calls = {0};
    // The mock I2C device, with one write in the middle failing as a loose cable would.
    I2C flaky = (I2C) java.lang.reflect.Proxy.newProxyInstance(
        I2C.class.getClassLoader(), new Class<?>[] {I2C.class}, (proxy, method, args) -> {
          if (method.getName().equals("write") && args != null && args.length == 1 && args[0] instanceof Byte b) {
            if (calls[0]++ == 40) {
              throw new com.pi4j.io.exception.IOException("I2C bus error");
            }
            return i2c.write(b);
          }
          return method.invoke(i2c, args);
        });
    Pcf8574Lcd lcd = new Pcf8574Lcd(flaky, 16, time -> {});
    lcd.show("first", ""); // fails part-way: no exception reaches the caller
    replay();
    lcd.show("second", "");
    Hd44780 display = replay();
    assertEquals("second          ", display.row(0), "initialised again, then written");
  }

  @Test
  void initialisesOnceThenOnlyWritesText() {
    Pcf8574Lcd lcd = new Pcf8574Lcd(i2c, 16, time -> {});
    lcd.show("one", "");
    replay();
    lcd.show("two", "");
    Hd44780 second = new Hd44780();
    second.fourBit = true; // already initialised by the first call
    byte[] written = new byte[8192];
    int n = i2c.read(written, 0, written.length);
    for (int i = 0; i < n; i++) {
      second.feed(written[i] & 0xFF);
    }
    assertEquals(List.of(0x80, 0xC0), second.commands);
    assertEquals("two             ", second.row(0));
  }
}
