package no.klipp.terminal.validation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The terminal's notion of now. A Pi may boot without network or real-time clock, so the wall
 * clock is not trusted when it is behind the high-water mark (the latest time already used): then
 * time runs on from the mark, and visits are flagged as recorded with an unverified clock. This
 * way a clock going backwards never moves a visit into an earlier quota period.
 *
 * <p>Once the server's time has been {@link #observed}, a wall clock that runs more than
 * {@link #MAX_AHEAD} ahead of it (server time plus the time elapsed since, on the monotonic
 * clock) is not trusted either, so a clock jumping forward cannot open a new quota period early.
 *
 * <p>A wall clock more than {@link #MAX_BEHIND} behind the server's time is flagged unverified, and
 * the server's time raises the mark, so visits are dated by it (a Pi without a real-time clock
 * boots with the time it was switched off). But only when it is at most {@link #MAX_ADOPTED} ahead
 * of the wall clock: the mark is persisted and only ever rises, so one answer claiming a far-future
 * time would otherwise date every later visit in that future and refuse every card as expired,
 * across restarts and after the server is fixed. The bound is on the wall clock, not on the mark,
 * so answers cannot ratchet it; a wall clock further behind keeps its own pace (never before the
 * mark), flagged, and the uploads carry the clock offset.
 *
 * <p>The one way down: a mark more than {@link #MAX_AHEAD} ahead of the server's time, while the
 * server's time and the wall clock are within {@link #MAX_ADOPTED} of each other, was set by a
 * wall clock that ran ahead (a Pi that booted hours or a year in the future before it reached the
 * server). Kept, it would date every visit in that future, refusing cards as expired or freezing
 * time at the mark; so the mark is lowered to the server's time, once, and {@link #observed}
 * says so, for the owner of the persisted mark to store it. A server far from the wall clock
 * cannot lower it, so a wrong or hostile answer moves time back by two days at most.
 */
public final class TimeKeeper {

  /** How far the wall clock may run ahead of the server's time before it is distrusted. */
  public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

  /** How far the wall clock may run behind the server's time before its times are flagged. */
  public static final Duration MAX_BEHIND = Duration.ofMinutes(5);

  /** How far the server's time may run ahead of the wall clock and still raise the mark. */
  public static final Duration MAX_ADOPTED = Duration.ofDays(2);

  /** An instant to record, and whether the wall clock was behind the mark or the server's time. */
  public record Now(Instant instant, boolean unverified) {}

  private final Clock clock;
  private final LongSupplier nanoTime;
  private Instant mark;
  private Duration offset = Duration.ZERO;
  private Instant serverTime;
  private long serverNanos;

  /** A keeper of {@code clock}'s time that never hands out a time before {@code mark}. */
  public TimeKeeper(Clock clock, Instant mark) {
    this(clock, mark, System::nanoTime);
  }

  /** As above, with the monotonic clock (nanoseconds) used to follow the server's time. */
  public TimeKeeper(Clock clock, Instant mark, LongSupplier nanoTime) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.mark = Objects.requireNonNull(mark, "mark == null");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
  }

  /** The time to use now; never earlier than any time handed out before. */
  public synchronized Now now() {
    Instant wall = clock.instant();
    boolean behindServer = false;
    if (serverTime != null) {
      Instant expected = serverTime.plusNanos(nanoTime.getAsLong() - serverNanos);
      behindServer = wall.plus(MAX_BEHIND).isBefore(expected);
      if (wall.isAfter(expected.plus(MAX_AHEAD))) {
        // Jumped forward: follow the server's time instead, never going back.
        Instant used = expected.isAfter(mark) ? expected : mark;
        mark = used;
        return new Now(used, true);
      }
    }
    if (!wall.isBefore(mark)) {
      offset = Duration.ZERO;
      mark = wall;
      return new Now(wall, behindServer);
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

  /**
   * The server's time, as just read from an answer: raises the mark when it is at most
   * {@link #MAX_ADOPTED} ahead of the wall clock, lowers a mark a wall clock left in the future
   * (see the class comment), and is followed from now on to catch a wall clock running ahead or
   * behind. True when it lowered the mark.
   */
  public synchronized boolean observed(Instant time) {
    Objects.requireNonNull(time, "time == null");
    serverTime = time;
    serverNanos = nanoTime.getAsLong();
    Instant wall = clock.instant();
    // Further ahead, either the wall clock or the server is wrong, and only the server can be
    // hostile: leave the mark alone (now() flags the times it hands out as unverified instead).
    if (time.isAfter(mark) && !time.isAfter(wall.plus(MAX_ADOPTED))) {
      mark = time;
      return false;
    }
    boolean agrees = !time.isAfter(wall.plus(MAX_ADOPTED)) && !time.isBefore(wall.minus(MAX_ADOPTED));
    if (agrees && mark.isAfter(time.plus(MAX_AHEAD))) {
      mark = time;
      offset = Duration.ZERO;
      return true;
    }
    return false;
  }
}
