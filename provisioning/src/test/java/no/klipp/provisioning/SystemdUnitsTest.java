package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The systemd units in the sources pass systemd-analyze verify and say what they promise. */
class SystemdUnitsTest {
  /** Source file -> the unit (or drop-in) path it is installed at. */
  static final Map<String, String> UNITS = Map.of(
      "src/deb/terminal/systemd/klipp-terminal.service", "/lib/systemd/system/klipp-terminal.service",
      "src/deb/terminal/kiosk/klipp-kiosk.service", "/lib/systemd/system/klipp-kiosk.service",
      "src/deb/terminal/systemd/time-wait-sync-bounded.conf",
      "/lib/systemd/system/systemd-time-wait-sync.service.d/klipp-terminal.conf",
      "src/deb/server/systemd/klipp-sync-server.service", "/lib/systemd/system/klipp-sync-server.service",
      "src/deb/server/systemd/klipp-sync-server-backup.service",
      "/lib/systemd/system/klipp-sync-server-backup.service",
      "src/deb/server/systemd/klipp-sync-server-backup.timer",
      "/lib/systemd/system/klipp-sync-server-backup.timer");

  @TestFactory
  Stream<DynamicTest> everyUnitPassesVerify() {
    assumeTrue(UnitRoot.possible(),
        "systemd-analyze or the host's units are missing (apt-get install systemd): units not verified");
    return UNITS.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(unit -> DynamicTest.dynamicTest(
        unit.getKey(), () -> {
          try (var root = UnitRoot.create(null)) {
            root.install(Sources.dir().resolve(unit.getKey()), unit.getValue());
            var verified = unit.getValue().endsWith(".conf")
                ? unit.getValue().substring(0, unit.getValue().lastIndexOf(".d/"))
                : unit.getValue();
            var result = root.verify(verified);
            assertEquals("", result.output().strip(), "systemd-analyze verify " + unit.getKey());
            assertEquals(0, result.exitCode());
          }
        }));
  }

  @Test
  void verifyCatchesAMistake() throws IOException {
    assumeTrue(UnitRoot.possible(), "systemd-analyze is not installed");
    var broken = Files.createTempFile("klipp", ".service");
    try (var root = UnitRoot.create(null)) {
      Files.writeString(broken, Files.readString(unit("klipp-terminal.service"))
          .replace("Restart=always", "Restart=sometimes"));
      root.install(broken, "/lib/systemd/system/klipp-terminal.service");
      assertTrue(root.verify("/lib/systemd/system/klipp-terminal.service").output().contains("restart"));
    } finally {
      Files.delete(broken);
    }
  }

  @Test
  void agentRunsUnprivilegedRestartsAlwaysAndIsSandboxed() throws IOException {
    var text = Files.readString(unit("klipp-terminal.service"));
    for (var line : new String[] {
        "User=klipp", "Restart=always", "StartLimitIntervalSec=0", "NoNewPrivileges=yes",
        "ProtectSystem=strict", "ReadWritePaths=/var/lib/klipp-terminal", "PrivateTmp=yes",
        "ProtectHome=yes", "CapabilityBoundingSet=\n", "After=network.target time-sync.target",
        "ExecStart=/usr/bin/klipp-terminal --config /etc/klipp/terminal.properties run --keep-running"}) {
      assertTrue(text.contains(line), "klipp-terminal.service lacks " + line.strip());
    }
    // The JIT needs writable+executable memory; the devices need /dev.
    assertFalse(text.contains("\nMemoryDenyWriteExecute=yes"));
    assertFalse(text.contains("\nPrivateDevices=yes"));
  }

  @Test
  void agentDoesNotJournalVerdicts() throws IOException {
    // run prints every scan's card number and verdict on stdout; the journal must not keep them,
    // while the logs on stderr still reach it.
    var text = Files.readString(unit("klipp-terminal.service"));
    assertTrue(text.contains("\nStandardOutput=null\n"), "klipp-terminal.service journals stdout (the verdicts)");
    assertFalse(text.contains("\nStandardError=null"), "klipp-terminal.service discards its logs");
  }

  @Test
  void kioskProfileLivesInRamAndGoesWithTheKiosk() throws IOException {
    // The profile may keep what the staff screen showed (first names, birth years) in caches and
    // crash dumps; /tmp is on the SD card on Raspberry Pi OS bookworm, /run is a tmpfs.
    var text = Files.readString(Sources.dir().resolve("src/deb/terminal/kiosk/klipp-kiosk.service"));
    assertTrue(text.contains("\nRuntimeDirectory=klipp-kiosk\n"), "klipp-kiosk.service has no runtime directory");
    assertTrue(text.contains("\nEnvironment=KLIPP_KIOSK_PROFILE=/run/klipp-kiosk/"),
        "the kiosk's browser profile is not under its runtime directory (RAM)");
  }

  @Test
  void kioskCompositorCanWriteItsRuntimeDirectory() throws IOException {
    // cage makes its Wayland socket in XDG_RUNTIME_DIR; pam_systemd names /run/user/<uid>, which
    // ProtectHome= hides and ProtectSystem=strict makes read-only: cage would exit at every start.
    var text = Files.readString(Sources.dir().resolve("src/deb/terminal/kiosk/klipp-kiosk.service"));
    var exec = text.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
    boolean sandboxed = text.contains("\nProtectHome=") || text.contains("\nProtectSystem=strict");
    if (sandboxed) {
      assertTrue(exec.matches("ExecStart=/usr/bin/env (\\S+=\\S+ )*XDG_RUNTIME_DIR=/run/klipp-kiosk .*/usr/bin/cage .*"),
          "cage does not get the unit's writable runtime directory: " + exec);
      assertTrue(exec.matches(".* HOME=/run/klipp-kiosk .*"), "the browser has no writable home: " + exec);
    }
  }

  @Test
  void watchdogOnlyWithNotify() throws IOException {
    // A WatchdogSec= without sd_notify pings kills a healthy agent every period.
    for (var path : new Path[] {unit("klipp-terminal.service"),
        Sources.dir().resolve("src/deb/terminal/doc/examples/watchdog.conf")}) {
      var text = Files.readString(path);
      if (text.contains("\nWatchdogSec=")) {
        assertTrue(text.contains("\nType=notify"), path + " sets WatchdogSec without Type=notify");
      }
    }
    assertTrue(Files.readString(unit("klipp-terminal.service")).contains("\nType=exec"));
  }

  @Test
  void agentIsWellSandboxed() throws IOException {
    assumeTrue(UnitRoot.possible(), "systemd-analyze is not installed");
    try (var root = UnitRoot.create(null)) {
      root.install(unit("klipp-terminal.service"), "/lib/systemd/system/klipp-terminal.service");
      root.verify("/lib/systemd/system/klipp-terminal.service");
      var exposure = root.exposure("klipp-terminal.service");
      // 10 is an unconfined root service; systemd calls < 4 "OK". Devices and the JIT keep it above 0.
      assertTrue(exposure < 4.0, "exposure " + exposure);
    }
  }

  private static Path unit(String name) {
    return Sources.dir().resolve("src/deb/terminal/systemd/" + name);
  }
}
