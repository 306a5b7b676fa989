package no.klipp.terminal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import no.klipp.terminal.feedback.MockPi;
import no.klipp.terminal.feedback.Outcome;
import no.klipp.terminal.scan.Scan;
import no.klipp.terminal.testing.Credentials;
import org.junit.jupiter.api.Test;

class DeviceFactoryTest {

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final List<Context> contexts = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<String> pauses = new LinkedBlockingQueue<>();

  private DeviceFactory factory(String model, InputStream stdin) {
    return new DeviceFactory(
        () -> model,
        () -> {
          Context c = MockPi.context();
          contexts.add(c);
          return c;
        },
        new PrintStream(console, true, StandardCharsets.UTF_8),
        stdin,
        Clock.systemUTC(),
        time -> {
          // What the relay does while the gate is held open.
          Context pi = contexts.isEmpty() ? null : contexts.getFirst();
          if (pi != null && pi.registry().exists("gate-relay")) {
            DigitalOutput relay = pi.io("gate-relay");
            pauses.add(relay.state() + " " + time.toMillis());
          }
        });
  }

  @Test
  void offAPiEverythingIsSimulatedOnTheConsoleAndScansComeFromStandardInput() throws Exception {
    String qr = Credentials.qrText(600);
    InputStream stdin = new ByteArrayInputStream((qr + "\n1234567890\n").getBytes(StandardCharsets.UTF_8));
    DeviceConfig config = DeviceConfig.of(Map.of(
        "devices.lcd", "pcf8574", "devices.nfc", "pn532-i2c", "devices.camera", "rpicam"));
    LinkedBlockingQueue<Scan> scans = new LinkedBlockingQueue<>();
    try (Devices devices = factory("", stdin).create(config)) {
      devices.scans().start(scans::add);
      devices.feedback().react(Outcome.ADMITTED, "Velkommen!", "");
      assertEquals(new Scan.Qr(qr), scans.poll(5, TimeUnit.SECONDS));
      assertEquals(new Scan.Typed("1234567890"), scans.poll(5, TimeUnit.SECONDS));
      // Standard input has ended, so the readers have: 'terminal run' ends with its input.
      org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), devices::awaitEnd);
      assertEquals(List.of(
          "mode: simulated (no Raspberry Pi detected)",
          "signals: console",
          "gate: console",
          "lcd: console",
          "nfc: none (pn532-i2c needs a Raspberry Pi; pcsc works anywhere)",
          "camera: none (rpicam needs a Raspberry Pi camera)",
          "scanner: standard input (one scan per line)"), devices.description());
    }
    String shown = console.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains("[signal] GREEN") && shown.contains("[gate]   open for 3000 ms"), shown);
    assertEquals(List.of(), contexts, "no Pi4J context off a Pi");
  }

  @Test
  void onAPiSignalsAndGateDriveGpio() throws Exception {
    DeviceConfig config = DeviceConfig.of(Map.of("devices.scanner", "none", "devices.lcd", "pcf8574"));
    try (Devices devices = factory("Raspberry Pi 4 Model B Rev 1.5", InputStream.nullInputStream()).create(config)) {
      assertEquals(List.of(
          "mode: real devices on Raspberry Pi 4 Model B Rev 1.5",
          "signals: LEDs on GPIO17 (green) and GPIO27 (red), buzzer on GPIO22",
          "gate: relay on GPIO23 (active low), open 3000 ms",
          "lcd: HD44780 via PCF8574 on I2C bus 1 at 0x27"), devices.description());
      Context pi = contexts.getFirst();
      DigitalOutput relay = pi.io("gate-relay");
      assertEquals(DigitalState.HIGH, relay.state(), "active-low relay off at start");
      devices.feedback().gate().open(Duration.ofSeconds(3));
      String held;
      do { // skip the display's start-up waits, written on the display's own thread
        held = pauses.poll(5, TimeUnit.SECONDS);
      } while (held != null && !held.endsWith(" 3000"));
      assertEquals("LOW 3000", held, "relay pulled low while open");
      assertTrue(pi.registry().exists("green-led") && pi.registry().exists("lcd"));
    }
    assertTrue(contexts.getFirst().isShutdown(), "Pi4J shut down on close");
  }

  @Test
  void aPinThatCannotBeOpenedIsAConfigurationProblemNamingTheKey() {
    // Pi4J fails to start, as it does without permission for the GPIO device.
    DeviceConfig config = DeviceConfig.of(Map.of("devices.scanner", "none", "devices.gate", "none"));
    DeviceFactory broken = new DeviceFactory(() -> "Raspberry Pi 4 Model B Rev 1.5", () -> {
      throw new IllegalStateException("Pi4J: no provider for DIGITAL_OUTPUT");
    }, new PrintStream(console, true, StandardCharsets.UTF_8), InputStream.nullInputStream(), Clock.systemUTC(), t -> {});
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        no.klipp.terminal.config.ConfigException.class, () -> broken.create(config));
    assertTrue(e.problems().getFirst().startsWith(
        "devices.signals: the device could not be opened: Pi4J: no provider for DIGITAL_OUTPUT"), e.problems().toString());
  }

  @Test
  void simulatedModeOnAPiUsesTheConsole() {
    DeviceConfig config = DeviceConfig.of(Map.of("devices.mode", "simulated", "devices.scanner", "none"));
    try (Devices devices = factory("Raspberry Pi 5 Model B Rev 1.0", InputStream.nullInputStream()).create(config)) {
      assertEquals("signals: console", devices.description().get(1));
    }
    assertEquals(List.of(), contexts);
  }

  @Test
  void readersThatAreNotPluggedInYetDoNotStopTheStart() {
    DeviceConfig config = DeviceConfig.of(Map.of(
        "devices.scanner", "evdev", "devices.scanner.device", "/nonexistent/event7",
        "devices.nfc", "pcsc", "devices.nfc.pcsc.reader", "No Such Reader"));
    try (Devices devices = factory("", InputStream.nullInputStream()).create(config)) {
      devices.scans().start(scan -> {
        throw new AssertionError("nothing to read");
      });
      assertTrue(devices.description().contains("nfc: PcscPoller[PC/SC 'No Such Reader']"), devices.description().toString());
    }
  }
}
