package no.klipp.terminal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.klipp.terminal.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsAreSimulatedFriendlyAndDocumented() {
    DeviceConfig c = DeviceConfig.of(Map.of());
    assertEquals(DeviceConfig.Mode.AUTO, c.mode());
    assertEquals(DeviceConfig.Signals.Kind.AUTO, c.signals().kind());
    assertEquals(17, c.signals().greenPin());
    assertEquals(Duration.ofMillis(1500), c.signals().light());
    assertEquals(true, c.gate().activeLow());
    assertEquals(0x27, c.lcd().address());
    assertEquals(DeviceConfig.Nfc.Kind.NONE, c.nfc().kind());
    assertEquals(0x24, c.nfc().i2cAddress());
    assertEquals(DeviceConfig.Scanner.Kind.STDIN, c.scanner().kind());
    // Every key is documented with a comment above it or its group.
    String text = DeviceConfig.defaultsText();
    for (String key : DeviceConfig.defaults().keySet()) {
      assertTrue(text.contains("\n" + key + "="), key);
    }
  }

  @Test
  void valuesAreReadFromTheTerminalConfigurationFileIgnoringOtherKeys() throws Exception {
    Path file = dir.resolve("terminal.properties");
    Files.writeString(file, """
        terminal.id=pool-1
        devices.mode=pi
        devices.nfc=pn532-spi
        devices.nfc.spi.channel=1
        devices.lcd=pcf8574
        devices.lcd.address=0x3F
        devices.gate.open=5s
        devices.camera=rpicam
        devices.camera.width=1332
        devices.camera.height=990
        devices.scanner=evdev
        devices.scanner.device=/dev/input/by-id/usb-scanner-event-kbd
        """);
    DeviceConfig c = DeviceConfig.load(Optional.of(file));
    assertEquals(DeviceConfig.Mode.PI, c.mode());
    assertEquals(DeviceConfig.Nfc.Kind.PN532_SPI, c.nfc().kind());
    assertEquals(1, c.nfc().spiChannel());
    assertEquals(0x3F, c.lcd().address());
    assertEquals(Duration.ofSeconds(5), c.gate().open());
    assertEquals(1332, c.camera().width());
    assertEquals(Optional.of(Path.of("/dev/input/by-id/usb-scanner-event-kbd")), c.scanner().device());
  }

  @Test
  void everyMistakeIsReportedAtOnceWithKeyValueAndWhatWasExpected() {
    var e = assertThrows(ConfigException.class, () -> DeviceConfig.of(Map.of(
        "devices.nfc", "pn533",
        "devices.signals.green.pin", "40",
        "devices.gate.open", "soon",
        "devices.lcd.address", "0x99",
        "devices.signal.light", "2s")));
    assertEquals(List.of(
        "devices.signal.light: unknown key (misspelt?)",
        "devices.signals.green.pin=40: expected a whole number from 0 to 27",
        "devices.gate.open=soon: expected a duration from 200ms to 60s such as 150ms, 3s or PT3S",
        "devices.lcd.address=0x99: expected a whole number from 3 to 119",
        "devices.nfc=pn533: expected one of none, pn532-i2c, pn532-spi, pcsc"), e.problems());
  }

  @Test
  void twoDevicesOnOnePinAreRefused() {
    var e = assertThrows(ConfigException.class, () -> DeviceConfig.of(Map.of(
        "devices.signals", "gpio", "devices.gate", "relay", "devices.gate.pin", "27")));
    assertEquals(List.of("devices.gate.pin and devices.signals.red.pin: both use GPIO27"), e.problems());
  }

  @Test
  void consoleSignalsClaimNoPins() {
    DeviceConfig c = DeviceConfig.of(Map.of("devices.signals", "console", "devices.gate.pin", "27"));
    assertEquals(27, c.gate().pin());
  }

  @Test
  void busPinsAndSharedAddressesAreRefused() {
    var e = assertThrows(ConfigException.class, () -> DeviceConfig.of(Map.of(
        "devices.lcd", "pcf8574", "devices.lcd.address", "0x24",
        "devices.nfc", "pn532-i2c", "devices.signals.green.pin", "2")));
    assertEquals(List.of(
        "devices.lcd.address and devices.nfc.i2c.address: both 0x24 on I2C bus 1",
        "devices.signals.green.pin: GPIO2 is an I2C pin, in use by the I2C bus"), e.problems());
  }

  @Test
  void scannerAndCameraNeedTheirSettings() {
    var e = assertThrows(ConfigException.class, () -> DeviceConfig.of(Map.of(
        "devices.scanner", "evdev", "devices.camera", "rpicam", "devices.camera.stride", "600")));
    assertEquals(List.of(
        "devices.camera.stride=600: expected 0 or an even number of at least devices.camera.width (640)",
        "devices.scanner.device=: expected the scanner's event device when devices.scanner=evdev, "
            + "e.g. /dev/input/by-id/usb-...-event-kbd"), e.problems());
  }

  @Test
  void scanFileMustBeReadable() {
    Path missing = dir.resolve("scans.txt");
    var e = assertThrows(ConfigException.class, () -> DeviceConfig.of(Map.of(
        "devices.scanner", "file", "devices.scanner.file", missing.toString())));
    assertEquals(List.of("devices.scanner.file=" + missing + ": expected a readable file of scans"), e.problems());
  }

  @Test
  void missingFileIsAClearProblem() {
    var e = assertThrows(ConfigException.class, () -> DeviceConfig.load(Optional.of(dir.resolve("nope.properties"))));
    assertTrue(e.problems().getFirst().startsWith("cannot read configuration file " + dir.resolve("nope.properties")));
  }
}
