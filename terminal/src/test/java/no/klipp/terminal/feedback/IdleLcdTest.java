package no.klipp.terminal.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class IdleLcdTest {

  private final List<String> shown = new CopyOnWriteArrayList<>();
  private final Lcd recording = new Lcd() {
    @Override
    public void show(String top, String bottom) {
      shown.add(top + "|" + bottom);
    }

    @Override
    public void clear() {
      shown.add("clear");
    }
  };

  @Test
  void showsIdleTextAtStartAndAgainAfterEachVerdict() throws Exception {
    List<Duration> waits = new CopyOnWriteArrayList<>();
    IdleLcd lcd = new IdleLcd(recording, Duration.ofSeconds(4), waits::add);
    lcd.show("Velkommen!", "+1 med");
    lcd.awaitIdle();
    assertEquals(List.of(
        "Hold kortet her|eller vis koden", "Velkommen!|+1 med", "Hold kortet her|eller vis koden"), shown);
    assertEquals(List.of(Duration.ofSeconds(4)), waits);
  }

  @Test
  void slowDisplayDoesNotHoldUpTheCaller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Lcd slow = new Lcd() {
      @Override
      public void show(String top, String bottom) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        shown.add(top);
      }

      @Override
      public void clear() {}
    };
    IdleLcd lcd = new IdleLcd(slow, Duration.ofSeconds(4), time -> {});
    long start = System.nanoTime();
    lcd.show("Velkommen!", "");
    assertEquals(true, System.nanoTime() - start < Duration.ofMillis(500).toNanos(), "returned at once");
    release.countDown();
    lcd.awaitIdle();
    assertEquals(List.of("Hold kortet her", "Velkommen!", "Hold kortet her"), shown);
  }

  @Test
  void newVerdictIsNotOverwrittenByTheOldOnesIdleTimer() throws Exception {
    CountDownLatch firstWaiting = new CountDownLatch(1);
    IdleLcd lcd = new IdleLcd(recording, Duration.ofSeconds(4), time -> {
      if (firstWaiting.getCount() == 1) {
        firstWaiting.countDown();
        Thread.sleep(60_000); // interrupted by the next verdict
      }
    });
    lcd.show("Velkommen!", "");
    firstWaiting.await();
    lcd.show("Utsolgt", "Spor i kassen");
    Thread.sleep(50); // the first timer, interrupted, must not bring the idle text back
    lcd.awaitIdle();
    assertEquals(List.of(
        "Hold kortet her|eller vis koden", "Velkommen!|", "Utsolgt|Spor i kassen",
        "Hold kortet her|eller vis koden"), shown);
  }
}
