package no.klipp.terminal.validation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The terminal's notion of now. A Pi may boot without network or real-time clock, so the wall
 * clock is not trusted when it is behind the high-water mark (the latest time already used): then
 * time runs on from the mark, and visits are flagged as recorded with an unverified clock. This
 * way a clock going backwards never moves a visit into an earlier quota period.
 */
public final class TimeKeeper {

  /** An instant to record, and whether the wall clock was behind the mark. */
  public record Now(Instant instant, boolean unverified) {}

  private final Clock clock;
  private Instant mark;
  private Duration offset = Duration.ZERO;

  public TimeKeeper(Clock clock, Instant mark) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.mark = Objects.requireNonNull(mark, "mark == null");
  }

  /** The time to use now; never earlier than any time handed out before. */
  public synchronized Now now() {
    Instant wall = clock.instant();
    if (!wall.isBefore(mark)) {
      offset = Duration.ZERO;
      mark = wall;
      return new Now(wall, false);
    }
    // Behind: keep time flowing from the mark at the wall clock's pace.
    Instant shifted = wall.plus(offset);
    if (shifted.isBefore(mark)) {
      offset = Duration.between(wall, mark);
      shifted = mark;
    }
    mark = shifted;
    return new Now(shifted, true);
  }

  /** The high-water mark: the latest time handed out or learnt. */
  public synchronized Instant mark() {
    return mark;
  }

  /** Raises the mark to a time known to have passed (a server's time); never lowers it. */
  public synchronized void observed(Instant time) {
    if (time.isAfter(mark)) {
      mark = time;
    }
  }
}
