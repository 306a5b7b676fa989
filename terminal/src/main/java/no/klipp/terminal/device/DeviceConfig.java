package no.klipp.terminal.device;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import no.klipp.terminal.config.ConfigException;
import no.klipp.terminal.scanner.Keymap;

/**
 * Which devices the terminal has and how they are wired: the {@code devices.*} keys of the
 * terminal's configuration file, over the defaults documented in {@code devices.properties}.
 */
public record DeviceConfig(
    Mode mode,
    Signals signals,
    Gate gate,
    Lcd lcd,
    Nfc nfc,
    Camera camera,
    Scanner scanner) {

  private static final String DEFAULTS = "devices.properties";

  /** Real or simulated devices. */
  public enum Mode { AUTO, PI, SIMULATED }

  /** Lights and buzzer. */
  public record Signals(Kind kind, int greenPin, int redPin, int buzzerPin, boolean buzzerActiveLow, Duration light) {
    public enum Kind { AUTO, GPIO, CONSOLE, NONE }
  }

  /** The gate relay. */
  public record Gate(Kind kind, int pin, boolean activeLow, Duration open) {
    public enum Kind { AUTO, RELAY, CONSOLE, NONE }
  }

  /** The character display. */
  public record Lcd(Kind kind, int bus, int address, int columns) {
    public enum Kind { NONE, PCF8574, CONSOLE }
  }

  /** The NFC reader. */
  public record Nfc(
      Kind kind, int i2cBus, int i2cAddress, int spiChannel, int spiBaud, String pcscReader,
      Duration poll, Duration timeout) {
    public enum Kind { NONE, PN532_I2C, PN532_SPI, PCSC }
  }

  /** The camera. */
  public record Camera(Kind kind, String command, int width, int height, int stride, int fps, Duration holdoff) {
    public enum Kind { NONE, RPICAM }
  }

  /** The hand scanner, or the simulated one. */
  public record Scanner(
      Kind kind, Optional<Path> device, Keymap layout, Path serial, Optional<Path> file,
      Duration fileInterval, Duration keyGap) {
    public enum Kind { NONE, STDIN, FILE, EVDEV, SERIAL }
  }

  /** The devices described by the {@code devices.*} entries of {@code values}; other keys are ignored. */
  public static DeviceConfig of(Map<String, String> values) {
    DeviceSettings s = new DeviceSettings(values, defaults());
    Mode mode = s.choice("devices.mode", Mode.class);
    Signals signals = new Signals(
        s.choice("devices.signals", Signals.Kind.class),
        s.pin("devices.signals.green.pin"),
        s.pin("devices.signals.red.pin"),
        s.pin("devices.signals.buzzer.pin"),
        s.bool("devices.signals.buzzer.active-low"),
        s.duration("devices.signals.light", Duration.ofMillis(200), Duration.ofSeconds(30)));
    Gate gate = new Gate(
        s.choice("devices.gate", Gate.Kind.class),
        s.pin("devices.gate.pin"),
        s.bool("devices.gate.active-low"),
        s.duration("devices.gate.open", Duration.ofMillis(200), Duration.ofSeconds(60)));
    Lcd lcd = new Lcd(
        s.choice("devices.lcd", Lcd.Kind.class),
        s.integer("devices.lcd.bus", 0, 20),
        s.integer("devices.lcd.address", 0x03, 0x77),
        s.integer("devices.lcd.columns", 8, 40));
    Nfc nfc = new Nfc(
        s.choice("devices.nfc", Nfc.Kind.class),
        s.integer("devices.nfc.i2c.bus", 0, 20),
        s.integer("devices.nfc.i2c.address", 0x03, 0x77),
        s.integer("devices.nfc.spi.channel", 0, 1),
        s.integer("devices.nfc.spi.baud", 10_000, 5_000_000),
        s.string("devices.nfc.pcsc.reader"),
        s.duration("devices.nfc.poll", Duration.ofMillis(20), Duration.ofSeconds(5)),
        s.duration("devices.nfc.timeout", Duration.ofMillis(50), Duration.ofSeconds(10)));
    Camera camera = new Camera(
        s.choice("devices.camera", Camera.Kind.class),
        s.string("devices.camera.command"),
        s.integer("devices.camera.width", 64, 4096),
        s.integer("devices.camera.height", 64, 3072),
        s.integer("devices.camera.stride", 0, 8192),
        s.integer("devices.camera.fps", 1, 120),
        s.duration("devices.camera.holdoff", Duration.ZERO, Duration.ofMinutes(10)));
    Scanner scanner = new Scanner(
        s.choice("devices.scanner", Scanner.Kind.class),
        s.path("devices.scanner.device"),
        s.choice("devices.scanner.layout", Keymap.class),
        s.path("devices.scanner.serial").orElse(Path.of("/dev/ttyACM0")),
        s.path("devices.scanner.file"),
        s.duration("devices.scanner.file.interval", Duration.ZERO, Duration.ofMinutes(10)),
        s.duration("devices.scanner.key-gap", Duration.ofMillis(10), Duration.ofSeconds(5)));
    crossCheck(s, signals, gate, lcd, nfc, camera, scanner);
    if (!s.problems().isEmpty()) {
      throw new ConfigException(s.problems());
    }
    return new DeviceConfig(mode, signals, gate, lcd, nfc, camera, scanner);
  }

  private static void crossCheck(
      DeviceSettings s, Signals signals, Gate gate, Lcd lcd, Nfc nfc, Camera camera, Scanner scanner) {
    Map<Integer, String> pins = new HashMap<>();
    if (signals.kind() != Signals.Kind.NONE && signals.kind() != Signals.Kind.CONSOLE) {
      claim(s, pins, signals.greenPin(), "devices.signals.green.pin");
      claim(s, pins, signals.redPin(), "devices.signals.red.pin");
      claim(s, pins, signals.buzzerPin(), "devices.signals.buzzer.pin");
    }
    if (gate.kind() != Gate.Kind.NONE && gate.kind() != Gate.Kind.CONSOLE) {
      claim(s, pins, gate.pin(), "devices.gate.pin");
    }
    if (lcd.kind() == Lcd.Kind.PCF8574 && nfc.kind() == Nfc.Kind.PN532_I2C
        && lcd.bus() == nfc.i2cBus() && lcd.address() == nfc.i2cAddress()) {
      s.conflict("devices.lcd.address and devices.nfc.i2c.address: both 0x"
          + Integer.toHexString(lcd.address()) + " on I2C bus " + lcd.bus());
    }
    if (nfc.kind() == Nfc.Kind.PN532_I2C || lcd.kind() == Lcd.Kind.PCF8574) {
      // The Pi's I2C1 uses GPIO2 (SDA) and GPIO3 (SCL).
      for (int pin : List.of(2, 3)) {
        if (pins.containsKey(pin)) {
          s.conflict(pins.get(pin) + ": GPIO" + pin + " is an I2C pin, in use by the I2C bus");
        }
      }
    }
    if (nfc.kind() == Nfc.Kind.PN532_SPI) {
      // SPI0: MISO 9, MOSI 10, SCLK 11, CE0 8, CE1 7.
      for (int pin : List.of(7, 8, 9, 10, 11)) {
        if (pins.containsKey(pin)) {
          s.conflict(pins.get(pin) + ": GPIO" + pin + " is an SPI pin, in use by the PN532");
        }
      }
    }
    if (camera.kind() != Camera.Kind.NONE) {
      if (camera.width() % 2 != 0 || camera.height() % 2 != 0) {
        s.conflict("devices.camera.width and devices.camera.height must be even: "
            + camera.width() + "x" + camera.height());
      }
      if (camera.stride() != 0 && (camera.stride() < camera.width() || camera.stride() % 2 != 0)) {
        s.problem("devices.camera.stride", Integer.toString(camera.stride()),
            "0 or an even number of at least devices.camera.width (" + camera.width() + ")");
      }
      if (camera.command().isEmpty()) {
        s.problem("devices.camera.command", "", "the camera program, e.g. rpicam-vid");
      }
    }
    if (scanner.kind() == Scanner.Kind.EVDEV && scanner.device().isEmpty()) {
      s.problem("devices.scanner.device", "", "the scanner's event device when devices.scanner=evdev, "
          + "e.g. /dev/input/by-id/usb-...-event-kbd");
    }
    if (scanner.kind() == Scanner.Kind.FILE) {
      if (scanner.file().isEmpty()) {
        s.problem("devices.scanner.file", "", "a file of scans when devices.scanner=file");
      } else if (!Files.isReadable(scanner.file().get())) {
        s.problem("devices.scanner.file", scanner.file().get().toString(), "a readable file of scans");
      }
    }
  }

  private static void claim(DeviceSettings s, Map<Integer, String> pins, int pin, String key) {
    String other = pins.putIfAbsent(pin, key);
    if (other != null) {
      s.conflict(key + " and " + other + ": both use GPIO" + pin);
    }
  }

  /** The devices configured in {@code file} (the terminal's configuration file), or the defaults. */
  public static DeviceConfig load(Optional<Path> file) {
    if (file.isEmpty()) {
      return of(Map.of());
    }
    try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
      return of(toMap(in));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(List.of("cannot read configuration file " + file.get() + ": " + e.getMessage()));
    }
  }

  /** The documented defaults. */
  public static Map<String, String> defaults() {
    try (InputStream in = DeviceConfig.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " missing from the build");
      }
      return toMap(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }

  /** The documented defaults file's text, for 'terminal config'. */
  public static String defaultsText() {
    try (InputStream in = DeviceConfig.class.getResourceAsStream(DEFAULTS)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS, e);
    }
  }

  private static Map<String, String> toMap(Reader in) throws IOException {
    Properties p = new Properties();
    p.load(in);
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
