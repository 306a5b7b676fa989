package no.klipp.terminal.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpioSignalsTest {

  private final Context pi4j = MockPi.context();
  private final Switch green = Switch.create(pi4j, "green", 17, false);
  private final Switch red = Switch.create(pi4j, "red", 27, false);
  private final Switch buzzer = Switch.create(pi4j, "buzzer", 22, true);
  private final List<String> timeline = new CopyOnWriteArrayList<>();
  private final Pacer recording = time -> timeline.add(lit() + " " + time.toMillis());

  @AfterEach
  void shutdown() {
    pi4j.shutdown();
  }

  private String lit() {
    return (green.isOn() ? "G" : "-") + (red.isOn() ? "R" : "-") + (buzzer.isOn() ? "B" : "-");
  }

  @Test
  void admittedIsGreenWithOneShortBeep() throws Exception {
    GpioSignals signals = new GpioSignals(green, red, buzzer, Duration.ofMillis(1500), recording);
    signals.admitted();
    signals.awaitIdle();
    assertEquals(List.of("G-B 150", "G-- 1350"), timeline);
    assertEquals("---", lit());
  }

  @Test
  void refusedIsRedWithOneLongBeep() throws Exception {
    GpioSignals signals = new GpioSignals(green, red, buzzer, Duration.ofMillis(2000), recording);
    signals.refused();
    signals.awaitIdle();
    assertEquals(List.of("-RB 700", "-R- 1300"), timeline);
    assertEquals("---", lit());
  }

  @Test
  void errorIsRedWithThreeShortBeeps() throws Exception {
    GpioSignals signals = new GpioSignals(green, red, buzzer, Duration.ofMillis(2000), recording);
    signals.show(Outcome.ERROR);
    signals.awaitIdle();
    assertEquals(
        List.of("-RB 100", "-R- 100", "-RB 100", "-R- 100", "-RB 100", "-R- 1500"), timeline);
  }

  @Test
  void activeLowBuzzerIsDrivenLowWhenSounding() throws Exception {
    DigitalOutput raw = pi4j.io("buzzer");
    assertEquals(DigitalState.HIGH, raw.state(), "off at start");
    CountDownLatch sounding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<DigitalState> seen = new CopyOnWriteArrayList<>();
    Pacer pacer =
        time -> {
          if (seen.isEmpty()) {
            seen.add(raw.state());
            sounding.countDown();
            release.await();
          }
        };
    GpioSignals signals = new GpioSignals(green, red, buzzer, Duration.ofMillis(10), pacer);
    signals.admitted();
    sounding.await();
    release.countDown();
    signals.awaitIdle();
    assertEquals(List.of(DigitalState.LOW), seen);
    assertEquals(DigitalState.HIGH, raw.state());
  }

  @Test
  void newSignalCutsTheRunningOneShort() throws Exception {
    CountDownLatch greenShowing = new CountDownLatch(1);
    Pacer pacer =
        time -> {
          timeline.add(lit() + " " + time.toMillis());
          if (green.isOn()) {
            greenShowing.countDown();
            Thread.sleep(60_000); // interrupted by the next signal
          }
        };
    GpioSignals signals = new GpioSignals(green, red, buzzer, Duration.ofMillis(1000), pacer);
    signals.admitted();
    greenShowing.await();
    signals.refused();
    signals.awaitIdle();
    assertEquals(List.of("G-B 150", "-RB 700", "-R- 300"), timeline);
    assertFalse(green.isOn());
    assertEquals("---", lit());
  }
}
