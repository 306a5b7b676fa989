package no.klipp.terminal.feedback;

import com.pi4j.io.i2c.I2C;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HD44780 character display behind a PCF8574 I2C expander (the common "I2C LCD backpack"),
 * driven in 4-bit mode. Expander bits: P0 RS, P1 RW, P2 E, P3 backlight, P4..P7 data D4..D7.
 */
public final class Pcf8574Lcd implements Lcd {

  private static final Logger log = LoggerFactory.getLogger(Pcf8574Lcd.class);

  static final int RS = 0x01;
  static final int ENABLE = 0x04;
  static final int BACKLIGHT = 0x08;

  private static final int[] ROW_OFFSETS = {0x00, 0x40, 0x14, 0x54};

  private final I2C i2c;
  private final int columns;
  private final Pacer pacer;
  private boolean ready;
  private boolean failing;

  /** A display of {@code columns} characters per line on {@code i2c}; initialised on first use. */
  public Pcf8574Lcd(I2C i2c, int columns, Pacer pacer) {
    this.i2c = Objects.requireNonNull(i2c, "i2c == null");
    this.pacer = Objects.requireNonNull(pacer, "pacer == null");
    if (columns < 8 || columns > 40) {
      throw new IllegalArgumentException("columns not in 8..40: " + columns);
    }
    this.columns = columns;
  }

  @Override
  public synchronized void show(String top, String bottom) {
    try {
      init();
      writeLine(0, top);
      writeLine(1, bottom);
      if (failing) {
        log.info("display answering again");
        failing = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // A loose display cable must not stop the entrance: the lights and buzzer still answer.
      ready = false;
      if (!failing) {
        log.warn("display write failed (further failures not logged): {}", e.toString());
      }
      failing = true;
    }
  }

  @Override
  public synchronized void clear() {
    try {
      init();
      command(0x01);
      pacer.pause(Duration.ofMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      ready = false;
      log.warn("display clear failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    i2c.close();
  }

  /** The text as the display's character ROM (A00) can show it: plain ASCII, accents dropped, padded. */
  static String fit(String text, int columns) {
    String plain =
        Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD)
            .replace("æ", "ae").replace("Æ", "AE").replace("ø", "o").replace("Ø", "O")
            .replaceAll("\\p{M}", "");
    StringBuilder out = new StringBuilder(columns);
    for (int i = 0; i < plain.length() && out.length() < columns; i++) {
      char c = plain.charAt(i);
      // 0x5C and 0x7E..0x7F are yen and arrows in ROM A00.
      out.append(c >= 0x20 && c < 0x7E && c != '\\' ? c : '?');
    }
    while (out.length() < columns) {
      out.append(' ');
    }
    return out.toString();
  }

  private void init() throws InterruptedException {
    if (ready) {
      return;
    }
    // The HD44780 datasheet's reset-by-instruction: three times "8-bit", then switch to 4-bit.
    pacer.pause(Duration.ofMillis(50));
    nibble(0x03, 0);
    pacer.pause(Duration.ofMillis(5));
    nibble(0x03, 0);
    pacer.pause(Duration.ofMillis(1));
    nibble(0x03, 0);
    nibble(0x02, 0);
    command(0x28); // 4-bit, 2 lines, 5x8 dots
    command(0x08); // display off
    command(0x01); // clear
    pacer.pause(Duration.ofMillis(2));
    command(0x06); // cursor moves right, no shift
    command(0x0C); // display on, cursor off
    ready = true;
  }

  private void writeLine(int row, String text) {
    command(0x80 | ROW_OFFSETS[row]);
    for (char c : fit(text, columns).toCharArray()) {
      data(c);
    }
  }

  private void command(int value) {
    nibble(value >> 4, 0);
    nibble(value & 0x0F, 0);
  }

  private void data(int value) {
    nibble(value >> 4, RS);
    nibble(value & 0x0F, RS);
  }

  private void nibble(int nibble, int mode) {
    int bits = ((nibble & 0x0F) << 4) | mode | BACKLIGHT;
    // The HD44780 latches data on the falling edge of E; an I2C byte takes ~90 µs, more than
    // the 450 ns pulse width the display needs, so no extra delay is required.
    i2c.write((byte) (bits | ENABLE));
    i2c.write((byte) bits);
  }
}
