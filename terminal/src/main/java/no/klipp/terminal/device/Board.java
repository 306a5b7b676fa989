package no.klipp.terminal.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the terminal runs on. */
@FunctionalInterface
public interface Board {

  /** The board's model, e.g. "Raspberry Pi 4 Model B Rev 1.5", or empty when unknown. */
  String model();

  /** Whether this is a Raspberry Pi, with its GPIO, I2C, SPI and camera. */
  default boolean isRaspberryPi() {
    return model().startsWith("Raspberry Pi");
  }

  /** The board as the device tree names it ({@code /proc/device-tree/model}). */
  static Board detect() {
    return () -> {
      try {
        // The device tree string ends with a NUL byte.
        return Files.readString(Path.of("/proc/device-tree/model"), StandardCharsets.US_ASCII)
            .replace("\0", "").strip();
      } catch (IOException | RuntimeException e) {
        return "";
      }
    };
  }
}
