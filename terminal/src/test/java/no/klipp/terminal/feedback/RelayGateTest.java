package no.klipp.terminal.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayGateTest {

  private final Context pi4j = MockPi.context();

  @AfterEach
  void shutdown() {
    pi4j.shutdown();
  }

  @Test
  void relayIsOnForTheConfiguredTimeThenOff() throws Exception {
    Switch relay = Switch.create(pi4j, "gate", 23, true);
    DigitalOutput raw = pi4j.io("gate");
    List<String> seen = new CopyOnWriteArrayList<>();
    RelayGate gate = new RelayGate(relay, time -> seen.add(raw.state() + " " + time.toMillis()));
    gate.open(Duration.ofSeconds(3));
    gate.awaitIdle();
    assertEquals(List.of("LOW 3000"), seen, "active-low relay pulled low while open");
    assertEquals(DigitalState.HIGH, raw.state(), "released afterwards");
  }

  @Test
  void openingAgainWhileOpenKeepsTheRelayOnAndRestartsTheTime() throws Exception {
    Switch relay = Switch.create(pi4j, "gate", 23, false);
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch firstOpen = new CountDownLatch(1);
    RelayGate gate =
        new RelayGate(
            relay,
            time -> {
              seen.add((relay.isOn() ? "on " : "off ") + time.toMillis());
              if (time.toMillis() == 5000) {
                firstOpen.countDown();
                Thread.sleep(60_000);
              }
            });
    gate.open(Duration.ofSeconds(5));
    firstOpen.await();
    gate.open(Duration.ofSeconds(2));
    gate.awaitIdle();
    assertEquals(List.of("on 5000", "on 2000"), seen);
    assertEquals(false, relay.isOn());
  }
}
