package no.klipp.terminal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests set and move, forwards or backwards. */
public final class FakeClock extends Clock {

  private Instant now;

  public FakeClock(Instant now) {
    this.now = now;
  }

  public synchronized void set(Instant instant) {
    now = instant;
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
