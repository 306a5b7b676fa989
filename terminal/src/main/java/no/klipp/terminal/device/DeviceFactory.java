package no.klipp.terminal.device;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiMode;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import no.klipp.terminal.config.ConfigException;
import no.klipp.terminal.camera.CameraScanSource;
import no.klipp.terminal.camera.QrDecoders;
import no.klipp.terminal.camera.RpicamProcess;
import no.klipp.terminal.camera.YuvFormat;
import no.klipp.terminal.feedback.ConsoleGate;
import no.klipp.terminal.feedback.ConsoleLcd;
import no.klipp.terminal.feedback.ConsoleSignals;
import no.klipp.terminal.feedback.Feedback;
import no.klipp.terminal.feedback.Gate;
import no.klipp.terminal.feedback.GpioSignals;
import no.klipp.terminal.feedback.IdleLcd;
import no.klipp.terminal.feedback.Lcd;
import no.klipp.terminal.feedback.Pacer;
import no.klipp.terminal.feedback.Pcf8574Lcd;
import no.klipp.terminal.feedback.RelayGate;
import no.klipp.terminal.feedback.Signals;
import no.klipp.terminal.feedback.Switch;
import no.klipp.terminal.nfc.NfcScanSource;
import no.klipp.terminal.nfc.PcscPoller;
import no.klipp.terminal.nfc.Pn532;
import no.klipp.terminal.nfc.Pn532I2c;
import no.klipp.terminal.nfc.Pn532Spi;
import no.klipp.terminal.nfc.TagPoller;
import no.klipp.terminal.scan.ScanListener;
import no.klipp.terminal.scan.ScanSource;
import no.klipp.terminal.scan.ScanSources;
import no.klipp.terminal.scanner.EvdevScanner;
import no.klipp.terminal.scanner.LineScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the devices a {@link DeviceConfig} describes: the real ones on a Raspberry Pi, simulated
 * ones elsewhere (signals, gate and display on the console; scans from standard input or a file).
 * A device that needs the Pi's pins or camera is simulated or left out off a Pi, and says so.
 */
public final class DeviceFactory {

  private static final Logger log = LoggerFactory.getLogger(DeviceFactory.class);

  private final Board board;
  private final Supplier<Context> pi4j;
  private final PrintStream console;
  private final InputStream stdin;
  private final Clock clock;
  private final Pacer pacer;

  /**
   * A factory for {@code board}; {@code pi4j} makes the Pi4J context when a real device needs it
   * (tests pass the mock platform); {@code console} and {@code stdin} serve the simulated devices.
   */
  public DeviceFactory(
      Board board, Supplier<Context> pi4j, PrintStream console, InputStream stdin, Clock clock, Pacer pacer) {
    this.board = Objects.requireNonNull(board, "board == null");
    this.pi4j = Objects.requireNonNull(pi4j, "pi4j == null");
    this.console = Objects.requireNonNull(console, "console == null");
    this.stdin = Objects.requireNonNull(stdin, "stdin == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.pacer = Objects.requireNonNull(pacer, "pacer == null");
  }

  /** The factory for this machine: the detected board, Pi4J's auto-detected providers. */
  public static DeviceFactory system(PrintStream console, InputStream stdin, Clock clock) {
    return new DeviceFactory(Board.detect(), Pi4J::newAutoContext, console, stdin, clock, Pacer.sleeping());
  }

  /** Makes every configured device; on failure closes what was made and throws with the reason. */
  public Devices create(DeviceConfig config) {
    Building b = new Building(config);
    try {
      Feedback feedback = new Feedback(
          open("devices.signals", b::signals), open("devices.gate", b::gate), open("devices.lcd", b::lcd),
          config.gate().open());
      List<ScanSource> sources = new ArrayList<>();
      open("devices.nfc", b::nfc).ifPresent(sources::add);
      open("devices.camera", b::camera).ifPresent(sources::add);
      open("devices.scanner", b::scanner).ifPresent(sources::add);
      ScanSource scans = sources.isEmpty() ? new NoScans() : ScanSources.of(sources);
      b.made.forEach(d -> log.info("device {}", d));
      return new Devices(feedback, scans, b.made, b.resources);
    } catch (RuntimeException e) {
      b.closeAll();
      throw e;
    }
  }

  /**
   * Makes one device; a failure (a pin in use, no permission for /dev/gpiochip0 or /dev/i2c-1, the
   * bus not enabled) is reported as a configuration problem naming the key, not as a crash.
   */
  private static <T> T open(String key, Supplier<T> device) {
    try {
      return device.get();
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigException(List.of(key + ": the device could not be opened: " + e.getMessage()
          + " (is I2C/SPI enabled in raspi-config, the user in the gpio, i2c and spi groups, the pin free?)"));
    }
  }

  /** The state of one {@link #create} call. */
  private final class Building {
    final DeviceConfig config;
    final boolean onPi;
    final List<String> made = new ArrayList<>();
    final List<AutoCloseable> resources = new ArrayList<>();
    private Context context;

    Building(DeviceConfig config) {
      this.config = config;
      this.onPi = switch (config.mode()) {
        case PI -> true;
        case SIMULATED -> false;
        case AUTO -> board.isRaspberryPi();
      };
      made.add("mode: " + (onPi ? "real devices on " + describe(board) : "simulated (" + describe(board) + ")"));
    }

    Context pi4j() {
      if (context == null) {
        context = DeviceFactory.this.pi4j.get();
        Context c = context;
        resources.add(c::shutdown);
      }
      return context;
    }

    Signals signals() {
      DeviceConfig.Signals s = config.signals();
      DeviceConfig.Signals.Kind kind = switch (s.kind()) {
        case AUTO -> onPi ? DeviceConfig.Signals.Kind.GPIO : DeviceConfig.Signals.Kind.CONSOLE;
        case GPIO -> onPi ? s.kind() : simulated("signals", DeviceConfig.Signals.Kind.CONSOLE);
        default -> s.kind();
      };
      return switch (kind) {
        case GPIO -> {
          made.add("signals: LEDs on GPIO" + s.greenPin() + " (green) and GPIO" + s.redPin()
              + " (red), buzzer on GPIO" + s.buzzerPin());
          yield new GpioSignals(
              Switch.create(pi4j(), "green-led", s.greenPin(), false),
              Switch.create(pi4j(), "red-led", s.redPin(), false),
              Switch.create(pi4j(), "buzzer", s.buzzerPin(), s.buzzerActiveLow()),
              s.light(), pacer);
        }
        case CONSOLE -> {
          made.add("signals: console");
          yield new ConsoleSignals(console);
        }
        default -> {
          made.add("signals: none");
          yield new Signals() {
            @Override public void admitted() {}
            @Override public void refused() {}
            @Override public void error() {}
          };
        }
      };
    }

    Gate gate() {
      DeviceConfig.Gate g = config.gate();
      DeviceConfig.Gate.Kind kind = switch (g.kind()) {
        case AUTO -> onPi ? DeviceConfig.Gate.Kind.RELAY : DeviceConfig.Gate.Kind.CONSOLE;
        case RELAY -> onPi ? g.kind() : simulated("gate", DeviceConfig.Gate.Kind.CONSOLE);
        default -> g.kind();
      };
      return switch (kind) {
        case RELAY -> {
          made.add("gate: relay on GPIO" + g.pin() + (g.activeLow() ? " (active low)" : "")
              + ", open " + g.open().toMillis() + " ms");
          yield new RelayGate(Switch.create(pi4j(), "gate-relay", g.pin(), g.activeLow()), pacer);
        }
        case CONSOLE -> {
          made.add("gate: console");
          yield new ConsoleGate(console);
        }
        default -> {
          made.add("gate: none");
          yield time -> {};
        }
      };
    }

    Lcd lcd() {
      DeviceConfig.Lcd l = config.lcd();
      DeviceConfig.Lcd.Kind kind = l.kind() == DeviceConfig.Lcd.Kind.PCF8574 && !onPi
          ? simulated("lcd", DeviceConfig.Lcd.Kind.CONSOLE) : l.kind();
      return switch (kind) {
        case PCF8574 -> {
          made.add("lcd: HD44780 via PCF8574 on I2C bus " + l.bus() + " at 0x" + Integer.toHexString(l.address()));
          I2C i2c = pi4j().create(I2C.newConfigBuilder(pi4j()).id("lcd").bus(l.bus()).device(l.address()));
          // Back to "hold your card here" once the verdict's light has gone out.
          yield new IdleLcd(new Pcf8574Lcd(i2c, l.columns(), pacer), config.signals().light(), pacer);
        }
        case CONSOLE -> {
          made.add("lcd: console");
          yield new ConsoleLcd(console, l.columns());
        }
        case NONE -> Lcd.none();
      };
    }

    Optional<ScanSource> nfc() {
      DeviceConfig.Nfc n = config.nfc();
      TagPoller poller;
      switch (n.kind()) {
        case NONE -> {
          return Optional.empty();
        }
        case PCSC -> {
          poller = PcscPoller.find(n.pcscReader());
          made.add("nfc: " + poller);
        }
        default -> {
          if (!onPi) {
            made.add("nfc: none (" + DeviceSettings.spelling(n.kind()) + " needs a Raspberry Pi; pcsc works anywhere)");
            return Optional.empty();
          }
          if (n.kind() == DeviceConfig.Nfc.Kind.PN532_I2C) {
            I2C i2c = pi4j().create(I2C.newConfigBuilder(pi4j()).id("pn532").bus(n.i2cBus()).device(n.i2cAddress()));
            poller = new Pn532(Pn532I2c.on(i2c), pacer, n.timeout());
            made.add("nfc: PN532 on I2C bus " + n.i2cBus() + " at 0x" + Integer.toHexString(n.i2cAddress()));
          } else {
            Spi spi = pi4j().create(Spi.newConfigBuilder(pi4j()).id("pn532").bus(0).channel(n.spiChannel())
                .mode(SpiMode.MODE_0).baud(n.spiBaud()));
            poller = new Pn532(Pn532Spi.on(spi), pacer, n.timeout());
            made.add("nfc: PN532 on SPI CE" + n.spiChannel() + " at " + n.spiBaud() + " Hz");
          }
        }
      }
      return Optional.of(new NfcScanSource("nfc", poller, n.poll(), pacer));
    }

    Optional<ScanSource> camera() {
      DeviceConfig.Camera c = config.camera();
      if (c.kind() == DeviceConfig.Camera.Kind.NONE) {
        return Optional.empty();
      }
      if (!onPi) {
        made.add("camera: none (rpicam needs a Raspberry Pi camera)");
        return Optional.empty();
      }
      YuvFormat format = c.stride() == 0 ? YuvFormat.aligned(c.width(), c.height())
          : new YuvFormat(c.width(), c.height(), c.stride());
      made.add("camera: " + c.command() + " " + c.width() + "x" + c.height() + " at " + c.fps()
          + " fps, stride " + format.stride());
      return Optional.of(new CameraScanSource(
          new RpicamProcess(RpicamProcess.command(c.command(), format, c.fps())),
          format, QrDecoders.standard(), clock, c.holdoff()));
    }

    Optional<ScanSource> scanner() {
      DeviceConfig.Scanner s = config.scanner();
      return switch (s.kind()) {
        case NONE -> Optional.empty();
        case STDIN -> {
          made.add("scanner: standard input (one scan per line)");
          yield Optional.of(LineScanner.stream("standard input", stdin));
        }
        case FILE -> {
          made.add("scanner: file " + s.file().orElseThrow() + ", one scan every " + s.fileInterval().toMillis() + " ms");
          yield Optional.of(LineScanner.file(s.file().orElseThrow(), s.fileInterval(), pacer));
        }
        case EVDEV -> {
          made.add("scanner: keyboard-wedge scanner at " + s.device().orElseThrow() + " (grabbed, "
              + DeviceSettings.spelling(s.layout()) + " layout)");
          yield Optional.of(new EvdevScanner(s.device().orElseThrow(), s.keyGap(), s.layout()));
        }
        case SERIAL -> {
          made.add("scanner: serial scanner at " + s.serial());
          yield Optional.of(LineScanner.serial(s.serial()));
        }
      };
    }

    private <K extends Enum<K>> K simulated(String device, K replacement) {
      log.info("{}: no Raspberry Pi, simulated on the {}", device, DeviceSettings.spelling(replacement));
      return replacement;
    }

    void closeAll() {
      for (AutoCloseable r : resources.reversed()) {
        try {
          r.close();
        } catch (Exception e) {
          log.debug("closing after a failed start: {}", e.toString());
        }
      }
    }
  }

  private static String describe(Board board) {
    String model = board.model();
    return model.isEmpty() ? "no Raspberry Pi detected" : model;
  }

  /** No reader configured: nothing ever arrives. */
  private static final class NoScans implements ScanSource {
    @Override
    public void start(ScanListener listener) {}

    @Override
    public void close() {}
  }
}
